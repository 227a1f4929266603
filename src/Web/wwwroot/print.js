// The receipt's print button (a page that works without script simply has no button that does anything).
document.querySelectorAll("[data-print]").forEach(b => b.addEventListener("click", () => window.print()));
