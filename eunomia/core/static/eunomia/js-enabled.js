// Tells GOV.UK Frontend's styles and scripts that JavaScript runs here (from the GOV.UK page template).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
