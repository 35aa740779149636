// The API documentation page `/docs` (server/routes/apidocs.py): Swagger UI on this server's
// OpenAPI document, whose URL the page gives in data-openapi-url. A file, not an inline script,
// so that the page works under the Content-Security-Policy "script-src 'self'".
const root = document.getElementById("swagger-ui");
window.ui = SwaggerUIBundle({
  url: root.dataset.openapiUrl,
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  showExtensions: true,
  showCommonExtensions: true,
  // No "valid" badge: it would send the schema's URL to validator.swagger.io.
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
});
