// Progressive enhancement of the gmina field: fill its <datalist> with names matching what is typed.
// Without JavaScript the form still works: the server resolves the typed name.
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest]");
  if (!input || !window.fetch) { return; }
  var list = document.getElementById(input.getAttribute("list"));
  var timer = null;
  var last = "";
  function show(items) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    items.forEach(function (item) {
      var option = document.createElement("option");
      option.value = item.label;  // text only: never markup
      list.appendChild(option);
    });
  }
  input.addEventListener("input", function () {
    var text = input.value.trim();
    if (text.length < 2 || text === last) { return; }
    last = text;
    clearTimeout(timer);
    timer = setTimeout(function () {
      fetch(input.getAttribute("data-suggest") + "?nazwa=" + encodeURIComponent(text), {
        headers: { "Accept": "application/json" }, credentials: "same-origin"
      }).then(function (r) { return r.ok ? r.json() : []; }).then(show).catch(function () { show([]); });
    }, 150);
  });
})();
