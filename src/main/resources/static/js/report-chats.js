// The Chats and logging coverage sections of the Reports page: draws their charts from the reports' JSON
// (data-report-url) with Chart.js. A click on a bar opens the chat history with exactly the filter of the figure: the
// link of the same cell in the table beside the chart, which holds the same numbers without script.
(function () {
  'use strict';

  function load(canvas) {
    return fetch(canvas.dataset.reportUrl, {credentials: 'same-origin', headers: {Accept: 'application/json'}})
      .then(function (response) {
        if (!response.ok) { throw new Error('report ' + response.status); }
        return response.json();
      });
  }

  // The link of a table cell: row (0-based, of tbody) and column (0-based, of the row's cells after its header).
  function cellLink(tableId, row, column) {
    var rows = document.querySelectorAll('#' + tableId + ' tbody tr');
    if (!rows[row]) { return null; }
    var cell = rows[row].querySelectorAll('td')[column];
    var link = cell ? cell.querySelector('a') : null;
    return link ? link.getAttribute('href') : null;
  }

  function options(onClick) {
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      onClick: function (event, elements) {
        if (!elements.length) { return; }
        var href = onClick(elements[0]);
        if (href) { window.location.assign(href); }
      },
      onHover: function (event, elements) {
        event.native.target.style.cursor = elements.length ? 'pointer' : 'default';
      },
      plugins: {legend: {position: 'bottom', labels: {boxWidth: 12}}},
      interaction: {mode: 'nearest', intersect: true}
    };
  }

  function dayLabel(bucket, size) {
    var format = size === 'MONTH' ? {month: 'short', year: 'numeric'} : {day: 'numeric', month: 'short'};
    return new Date(bucket.from + 'T00:00:00Z').toLocaleDateString('en-GB', Object.assign({timeZone: 'UTC'}, format));
  }

  // Opened and closed per bucket, side by side.
  function chats(canvas) {
    load(canvas).then(function (report) {
      var chart = options(function (element) {
        return cellLink('chats-buckets', element.index, element.datasetIndex);
      });
      chart.scales = {x: {ticks: {autoSkip: true, maxRotation: 0}}, y: {beginAtZero: true, ticks: {precision: 0}}};
      new window.Chart(canvas, {
        type: 'bar',
        data: {
          labels: report.buckets.map(function (b) { return dayLabel(b, report.bucket); }),
          datasets: [
            {label: canvas.dataset.labelOpened, backgroundColor: '#0072B2',
              data: report.buckets.map(function (b) { return b.opened; })},
            {label: canvas.dataset.labelClosed, backgroundColor: '#1B7837',
              data: report.buckets.map(function (b) { return b.closed; })}
          ]
        },
        options: chart
      });
      canvas.dataset.ready = 'true';
    }).catch(function () { canvas.dataset.ready = 'failed'; });
  }

  // The team's first responses per band; a bar opens the chats of its band (the table's row of all, the last).
  function firstResponse(canvas) {
    load(canvas).then(function (report) {
      var bands = report.total.firstResponseBands;
      var lastRow = document.querySelectorAll('#first-response-bands tbody tr').length - 1;
      var chart = options(function (element) {
        return cellLink('first-response-bands', lastRow, element.index);
      });
      chart.plugins.legend = {display: false};
      chart.scales = {x: {ticks: {autoSkip: false, maxRotation: 45}}, y: {beginAtZero: true, ticks: {precision: 0}}};
      new window.Chart(canvas, {
        type: 'bar',
        data: {
          labels: bands.map(function (b) { return b.label; }),
          datasets: [{
            label: canvas.dataset.labelChats,
            backgroundColor: ['#009E73', '#56B4E9', '#0072B2', '#E69F00', '#CC79A7', '#D55E00', '#7A6A00'],
            data: bands.map(function (b) { return b.chats; })
          }]
        },
        options: chart
      });
      canvas.dataset.ready = 'true';
    }).catch(function () { canvas.dataset.ready = 'failed'; });
  }

  // The share of closes with a conversation logged, per agent; a bar opens that agent's closes with one.
  function coverage(canvas) {
    load(canvas).then(function (report) {
      var rows = report.rows;
      var chart = options(function (element) {
        return cellLink('coverage-table', element.index, 1);
      });
      chart.indexAxis = 'y';
      chart.plugins.legend = {display: false};
      chart.scales = {x: {beginAtZero: true, suggestedMax: 100, ticks: {callback: function (v) { return v + '%'; }}}};
      new window.Chart(canvas, {
        type: 'bar',
        data: {
          labels: rows.map(function (row) { return row.label; }),
          datasets: [{
            label: canvas.dataset.labelShare,
            backgroundColor: '#009E73',
            data: rows.map(function (row) { return row.sharePercent || 0; })
          }]
        },
        options: chart
      });
      canvas.dataset.ready = 'true';
    }).catch(function () { canvas.dataset.ready = 'failed'; });
  }

  document.addEventListener('DOMContentLoaded', function () {
    if (!window.Chart) { return; }
    var opened = document.getElementById('chats-chart');
    if (opened) { chats(opened); }
    var bands = document.getElementById('first-response-chart');
    if (bands) { firstResponse(bands); }
    var logged = document.getElementById('coverage-chart');
    if (logged) { coverage(logged); }
  });
})();
