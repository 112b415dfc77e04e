// The results page's count sits in a live region (role="status"), but screen readers
// read out changes, not what a page opens with: set it again once the page is shown.
document.addEventListener("DOMContentLoaded", () => {
  const status = document.querySelector("[data-search-status]");
  if (!status) return;
  const message = status.textContent;
  status.textContent = "";
  window.setTimeout(() => { status.textContent = message; }, 150);
});
