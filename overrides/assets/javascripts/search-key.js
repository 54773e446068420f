// "/" or "s" leads to the search, as Material's search did: it focuses the search box in view (the header's, or
// the search page's own), or opens the search page where the header shows only its link (narrow screens).
document.addEventListener("keydown", (event) => {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key !== "/" && event.key !== "s") return;
  if (event.target.closest && event.target.closest("input, textarea, select, [contenteditable]")) return;
  const box = [document.getElementById("finder-q"), document.getElementById("insp-search-q")].find(
    (element) => element && element.offsetParent !== null,
  );
  const link = document.querySelector(".insp-search__link");
  if (!box && !link) return;
  event.preventDefault();
  if (box) {
    box.focus();
    box.select();
  } else {
    location.href = link.href;
  }
});
