// The feedback summary's bar chart: how many gave each score, for satisfaction and usefulness.
// Data comes from the page's JSON block; the table beside the chart carries the same numbers.
(function () {
  "use strict";
  var holder = document.getElementById("feedback-chart");
  var source = document.getElementById("feedback-chart-data");
  if (!holder || !source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var chart = window.echarts.init(holder, null, { renderer: "svg", height: 280 });
  chart.setOption({
    color: ["#2e7d4f", "#e0a030"],
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 32, right: 12, top: 36, bottom: 24 },
    xAxis: { type: "category", data: data.scores },
    yAxis: { type: "value", minInterval: 1 },
    series: data.series.map(function (serie) {
      return { name: serie.name, type: "bar", data: serie.data, barMaxWidth: 28 };
    })
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
