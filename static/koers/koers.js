// Koers: progressive enhancement only; every page works without JavaScript.
document.addEventListener("htmx:afterSwap", function (event) {
  // Move focus to the swapped region's status message so screen-reader users hear the result.
  var status = event.detail.target.querySelector("[data-focus-after-swap]");
  if (status) { status.setAttribute("tabindex", "-1"); status.focus(); }
});

// A save that fails without an answer htmx can swap (a server error, a refusal, no connection)
// must never look like nothing happened: say so above the form and keep what was typed.
function koersRequestFailed(event, text) {
  var source = event.detail.elt;
  var form = (source && source.closest && source.closest("form")) || source;
  if (!form || !text) { return; }
  var box = form.querySelector(":scope > .koers-request-error");
  if (!box) {
    box = document.createElement("p");
    box.className = "utrecht-alert utrecht-alert--error koers-alert koers-request-error";
    box.setAttribute("role", "alert");
    form.insertBefore(box, form.firstChild);
  }
  box.textContent = text;
}

function koersMessage(status) {
  var texts = document.body.dataset;
  if (status === 403) { return texts.errorForbidden; }
  if (status === 404) { return texts.errorNotFound; }
  if (status === 409) { return texts.errorConflict; }
  if (status === 413) { return texts.errorTooLarge; }
  return texts.errorServer;
}

document.addEventListener("htmx:responseError", function (event) {
  koersRequestFailed(event, koersMessage(event.detail.xhr.status));
});
document.addEventListener("htmx:sendError", function (event) {
  koersRequestFailed(event, document.body.dataset.errorOffline);
});
document.addEventListener("htmx:beforeRequest", function (event) {
  var source = event.detail.elt;
  var form = (source && source.closest && source.closest("form")) || source;
  var box = form && form.querySelector(":scope > .koers-request-error");
  if (box) { box.remove(); }
});
