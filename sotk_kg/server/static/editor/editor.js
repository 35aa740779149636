// The query editor page at `/` (server/routes/editor.py): YASGUI on this server's endpoint,
// with the example queries the page carries as JSON. A file, not an inline script, so that
// the page works under the Content-Security-Policy "script-src 'self'".
const examples = JSON.parse(document.getElementById("example-queries").textContent);
const endpoint = new URL("sparql", document.baseURI).href;
document.getElementById("endpoint").textContent = endpoint;
// Only the autocompleter that needs no network (LOV and prefix.cc would be called otherwise).
Yasgui.Yasqe.defaults.autocompleters = ["variables"];
const yasgui = new Yasgui(document.getElementById("yasgui"), {
  requestConfig: { endpoint: endpoint, method: "POST" },
  copyEndpointOnNewTab: false,
  endpointCatalogueOptions: { getData: () => [] },
  persistenceId: null,
});
const select = document.getElementById("examples");
function showExample(i) {
  if (examples[i]) yasgui.getTab().setQuery(examples[i].query);
}
select.addEventListener("change", () => showExample(select.value));
showExample(0);
