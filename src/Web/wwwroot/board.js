// The board refreshes its figures every 30 seconds without reloading the page (the figures are server-rendered first).
(function () {
  const board = document.querySelector("[data-board]");
  if (!board) return;
  const status = document.getElementById("bang-cap-nhat");
  async function refresh() {
    try {
      const response = await fetch("/console/bang/so-lieu", { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.redirected || !response.ok) return;
      const figures = await response.json();
      const values = Object.assign({}, figures.cases || {}, { awaitingReason: figures.awaitingReason, awaitingSignature: figures.awaitingSignature });
      board.querySelectorAll("[data-figure]").forEach(el => {
        const v = values[el.dataset.figure];
        if (typeof v === "number") el.textContent = v.toLocaleString("vi-VN");
      });
      if (status) status.textContent = "Cập nhật lúc " + new Date().toLocaleTimeString("vi-VN", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
    } catch (e) { /* the next round tries again */ }
  }
  setInterval(refresh, 30000);
})();
