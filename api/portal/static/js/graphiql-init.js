// Starts GraphiQL from the vendored files, posting to this same URL (no CDN, no inline script).
(function () {
  "use strict";
  var url = window.location.href.split("?")[0];
  var fetcher = window.GraphiQL.createFetcher({ url: url });
  var root = window.ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(window.React.createElement(window.GraphiQL, {
    fetcher: fetcher,
    defaultEditorToolsVisibility: true,
    defaultQuery: "# Kooperacja – przykład\n{\n  territoriesByName(name: \"Lubicz\") { teryt name kind }\n}\n"
  }));
})();
