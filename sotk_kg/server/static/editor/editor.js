// The query editor page at `/sparql-editor` (server/routes/editor.py): YASGUI on this server's
// endpoint, with the example queries the page carries as JSON (`?example=NAME` opens one) and
// completion of the graph's prefixes (prefixes.js). A file, not an inline script, so that the
// page works under the Content-Security-Policy "script-src 'self'".
const examples = JSON.parse(document.getElementById("example-queries").textContent);
const endpoint = new URL("sparql", document.baseURI).href;
document.getElementById("endpoint").textContent = endpoint;
// Only the autocompleter that needs no network (LOV and prefix.cc would be called otherwise);
// prefixes are completed from this graph's own list by prefixes.js.
Yasgui.Yasqe.defaults.autocompleters = ["variables"];
const yasgui = new Yasgui(document.getElementById("yasgui"), {
  requestConfig: { endpoint: endpoint, method: "POST" },
  copyEndpointOnNewTab: false,
  endpointCatalogueOptions: { getData: () => [] },
  persistenceId: null,
});
// every tab's editor, the first one and those opened later
function withPrefixes(tab) {
  const yasqe = tab && tab.getYasqe();
  if (yasqe && !yasqe.sotkPrefixes) {
    yasqe.sotkPrefixes = true;
    sotkPrefixes.attach(yasqe);
  }
}
withPrefixes(yasgui.getTab());
yasgui.on("tabSelect", () => setTimeout(() => withPrefixes(yasgui.getTab()), 0));
const select = document.getElementById("examples");
function showExample(i) {
  if (examples[i]) yasgui.getTab().setQuery(examples[i].query);
}
select.addEventListener("change", () => showExample(select.value));
const params = new URLSearchParams(window.location.search);
const wanted = examples.findIndex((ex) => ex.name === params.get("example"));
if (params.get("query")) {
  yasgui.getTab().setQuery(params.get("query"));  // a shared link (`?query=`)
} else {
  const first = wanted >= 0 ? wanted : 0;
  select.value = String(first);
  showExample(first);
}
