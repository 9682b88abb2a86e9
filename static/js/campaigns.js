// Campaign pages: the progress chart (data from json_script, no inline script) and "select all".
(function () {
  "use strict";

  function drawChart() {
    const canvas = document.getElementById("campaign-chart");
    const source = document.getElementById("campaign-chart-data");
    if (!canvas || !source || !canvas.getContext) return;
    const data = JSON.parse(source.textContent);
    const series = [
      { key: "quota", label: "Chỉ tiêu", color: "#9aa5b1" },
      { key: "fit", label: "Đủ sức khỏe", color: "#2f6fb0" },
      { key: "handed_over", label: "Đã giao quân", color: "#2e7d32" },
    ];
    const labels = data.labels || [];
    const rowHeight = 26;
    const left = 220;
    const top = 30;
    canvas.height = Math.max(120, top + labels.length * rowHeight * 1.2 + 20);
    const ctx = canvas.getContext("2d");
    const width = canvas.width - left - 60;
    let max = 1;
    series.forEach((s) => (data[s.key] || []).forEach((v) => { if (v > max) max = v; }));
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.font = "13px sans-serif";
    ctx.textBaseline = "middle";
    series.forEach((s, i) => {
      ctx.fillStyle = s.color;
      ctx.fillRect(left + i * 150, 8, 12, 12);
      ctx.fillStyle = "#222";
      ctx.fillText(s.label, left + i * 150 + 18, 14);
    });
    labels.forEach((label, row) => {
      const y = top + row * rowHeight * 1.2;
      ctx.fillStyle = "#222";
      const text = label.length > 30 ? label.slice(0, 29) + "…" : label;
      ctx.fillText(text, 4, y + rowHeight / 2);
      series.forEach((s, i) => {
        const value = (data[s.key] || [])[row] || 0;
        const barHeight = (rowHeight - 4) / series.length;
        const w = Math.round((value / max) * width);
        ctx.fillStyle = s.color;
        ctx.fillRect(left, y + i * barHeight, w, barHeight - 1);
        ctx.fillStyle = "#222";
        ctx.font = "11px sans-serif";
        ctx.fillText(String(value), left + w + 4, y + i * barHeight + barHeight / 2);
        ctx.font = "13px sans-serif";
      });
    });
  }

  document.addEventListener("change", (event) => {
    const all = event.target.closest("[data-check-all]");
    if (!all) return;
    const name = all.dataset.checkAll;
    all.form.querySelectorAll(`input[type=checkbox][name="${name}"]`).forEach((box) => {
      box.checked = all.checked;
    });
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawChart);
  } else {
    drawChart();
  }
})();
