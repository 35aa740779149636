// The upload page (GET /validate): a file over the server's limit is refused here, before it is
// sent, with the same words the server answers 413 with (the form's data-too-large, "{size}"
// filled in). Without this script the server's 413 page says it. A file script, not inline, so
// that the page works under the Content-Security-Policy "script-src 'self'".
"use strict";
(function () {
  var form = document.getElementById("upload");
  var input = document.getElementById("file");
  var alert = document.getElementById("error");
  if (!form || !input || !alert) return;
  function size(n) {
    return n >= 1e6 ? (n / 1e6).toFixed(1).replace(/\.0$/, "") + " MB"
      : Math.max(1, Math.round(n / 1e3)) + " kB";
  }
  form.addEventListener("submit", function (event) {
    var file = input.files && input.files[0];
    var limit = Number(form.dataset.maxBytes);  // read at each submit: the page's own setting
    if (!file || !form.dataset.maxBytes || file.size <= limit) return;
    event.preventDefault();
    alert.querySelector("p").textContent = form.dataset.tooLarge.replace("{size}", size(file.size));
    alert.hidden = false;
    alert.scrollIntoView();
  });
})();
