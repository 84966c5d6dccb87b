// Koers: progressive enhancement only; every page works without JavaScript.
document.addEventListener("htmx:afterSwap", function (event) {
  // Move focus to the swapped region's status message so screen-reader users hear the result.
  var status = event.detail.target.querySelector("[data-focus-after-swap]");
  if (status) { status.setAttribute("tabindex", "-1"); status.focus(); }
});
