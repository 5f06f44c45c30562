// The API docs: Swagger UI over the app's own OpenAPI schema (no inline script: CSP).
"use strict";
window.addEventListener("DOMContentLoaded", () => {
  window.SwaggerUIBundle({ url: "/docs/openapi.json", dom_id: "#swagger-ui" });
});
