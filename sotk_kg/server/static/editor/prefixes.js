// Prefix completion for the SPARQL editor (server/routes/editor.py), with no network: the known
// prefixes come from the page (a JSON block written from the server's own prefix table).
//  - typing the start of a prefix name where a prefixed name may stand ("el", two letters at
//    least, so that the keyword "a" is left alone) offers the known prefixes that start so
//    ("eli:"); Enter or Tab picks one, Escape closes the list;
//  - after "PREFIX " it offers the whole declaration ("eli: <http://data.europa.eu/eli/ontology#>");
//  - a known prefix used without its declaration ("eli:" typed) gets its PREFIX line added.
// YASGUI's own prefix completer is not used: it offers prefix.cc's list, not this graph's.
"use strict";
window.sotkPrefixes = (function () {
  const known = JSON.parse(document.getElementById("known-prefixes").textContent);
  const names = Object.keys(known).sort();
  const MIN_TYPED = 2;

  // Before the cursor: the word being typed, and the text before it on the line.
  function context(cm) {
    const cursor = cm.getCursor();
    const before = cm.getLine(cursor.line).slice(0, cursor.ch);
    const word = /[A-Za-z][\w-]*:?$/.exec(before);
    return { cursor, before, word: word ? word[0] : "" };
  }

  // Inside an IRI, a string or a comment nothing is completed (a rough scan of the line).
  function inText(before) {
    let quote = null;
    for (const ch of before) {
      if (quote) { if (ch === quote) quote = null; continue; }
      if (ch === '"' || ch === "'") quote = ch;
      else if (ch === "<") quote = ">";
      else if (ch === "#") return true;
    }
    return quote !== null;
  }

  function declared(cm) {
    const found = {};
    const re = /PREFIX\s+([\w-]*):\s*</gi;
    let m;
    while ((m = re.exec(cm.getValue()))) found[m[1]] = true;
    return found;
  }

  function declare(cm, prefix) {
    if (!(prefix in known) || declared(cm)[prefix]) return;
    // after the last PREFIX line (or at the top), so the query keeps its shape
    let line = 0;
    for (let i = 0; i < cm.lineCount(); i++) {
      if (/^\s*PREFIX\s/i.test(cm.getLine(i))) line = i + 1;
    }
    cm.replaceRange("PREFIX " + prefix + ": <" + known[prefix] + ">\n", { line, ch: 0 });
  }

  function hints(cm) {
    const { cursor, before, word } = context(cm);
    const start = cursor.ch - word.length;
    const head = before.slice(0, start);
    if (inText(head) || /[?$]$/.test(head) || word.endsWith(":")) return null;
    const from = { line: cursor.line, ch: start };
    if (/^\s*PREFIX\s+$/i.test(head)) {
      const list = names
        .filter((n) => n.startsWith(word))
        .map((n) => ({ text: n + ": <" + known[n] + ">", displayText: n + ": <" + known[n] + ">" }));
      return list.length ? { list, from, to: cursor } : null;
    }
    if (word.length < MIN_TYPED) return null;
    const list = names.filter((n) => n.startsWith(word)).map((n) => n + ":");
    return list.length ? { list, from, to: cursor } : null;
  }

  function attach(cm) {
    cm.on("inputRead", (editor, change) => {
      const { before } = context(editor);
      const used = /(?:^|[\s(/|^{;,.\[])([A-Za-z][\w-]*):$/.exec(before);
      if (used && !/^\s*PREFIX\s+[\w-]*:$/i.test(before) && !inText(before)) {
        declare(editor, used[1]);
        return;
      }
      if (change.origin !== "+input" || !/^[\w-]$/.test(change.text.join(""))) return;
      if (editor.state.completionActive) return;
      if (hints(editor)) {
        editor.showHint({ hint: hints, completeSingle: false });
      }
    });
    // a picked completion "eli:" declares its prefix too (it is not typed input)
    cm.on("endCompletion", (editor) => {
      const { before } = context(editor);
      const used = /([A-Za-z][\w-]*):$/.exec(before);
      if (used && !/^\s*PREFIX\s/i.test(before)) declare(editor, used[1]);
    });
  }

  return { attach, known };
})();
