// The Reports page: draws each chart from its report's JSON (data-report-url) with Chart.js, paints the colour
// swatches of the tables, and sends a click on a bar to the Conversations tab with exactly the filter that lists
// the conversations it counts. The tables beside the charts hold the same numbers and links without script.
(function () {
  'use strict';

  function nextDay(day) {
    var d = new Date(day + 'T00:00:00Z');
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  }

  // The list's filter: the report's own purposes, owners and contact, narrowed to the group, and the days'
  // start-time range as datetime-local values of the workspace's zone (first midnight to the midnight after).
  function listUrl(base, groupBy, key, from, to, status) {
    var filter = {purposeId: base.purposeId || [], ownerId: base.ownerId || [], contactId: base.contactId || []};
    if (groupBy === 'PURPOSE') { filter.purposeId = [key]; }
    if (groupBy === 'OWNER') {
      if (key === 'others') { return null; }
      filter.ownerId = [key];
    }
    var params = new URLSearchParams();
    Object.keys(filter).forEach(function (name) {
      filter[name].forEach(function (value) { params.append(name, value); });
    });
    if (groupBy === 'STATUS') { params.append('status', key); }
    if (status) { params.append('status', status); }
    params.append('startFrom', from + 'T00:00');
    params.append('startTo', nextDay(to) + 'T00:00');
    return '/conversations?' + params.toString();
  }

  function dayLabel(from, to, bucket) {
    var options = bucket === 'MONTH' ? {month: 'short', year: 'numeric'} : {day: 'numeric', month: 'short'};
    return new Date(from + 'T00:00:00Z').toLocaleDateString('en-GB', Object.assign({timeZone: 'UTC'}, options));
  }

  function load(canvas) {
    return fetch(canvas.dataset.reportUrl, {credentials: 'same-origin', headers: {Accept: 'application/json'}})
      .then(function (response) {
        if (!response.ok) { throw new Error('report ' + response.status); }
        return response.json();
      });
  }

  function pointer(event, elements) {
    event.native.target.style.cursor = elements.length ? 'pointer' : 'default';
  }

  function common(onClick) {
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      onClick: onClick,
      onHover: pointer,
      plugins: {legend: {position: 'bottom', labels: {boxWidth: 12}}},
      interaction: {mode: 'nearest', intersect: true}
    };
  }

  function overTime(canvas) {
    var colours = JSON.parse(canvas.dataset.colours || '{}');
    var base = JSON.parse(canvas.dataset.filter || '{}');
    load(canvas).then(function (report) {
      var datasets = report.groups.map(function (group) {
        return {
          label: group.label,
          key: group.key,
          backgroundColor: colours[group.key] || '#6c757d',
          data: report.buckets.map(function (bucket) { return bucket.counts[group.key] || 0; })
        };
      });
      var options = common(function (event, elements) {
        if (!elements.length) { return; }
        var bucket = report.buckets[elements[0].index];
        var url = listUrl(base, report.groupBy, datasets[elements[0].datasetIndex].key, bucket.from, bucket.to);
        if (url) { window.location.assign(url); }
      });
      options.scales = {
        x: {stacked: true, ticks: {autoSkip: true, maxRotation: 0}},
        y: {stacked: true, beginAtZero: true, ticks: {precision: 0}}
      };
      new window.Chart(canvas, {
        type: 'bar',
        data: {
          labels: report.buckets.map(function (b) { return dayLabel(b.from, b.to, report.bucket); }),
          datasets: datasets
        },
        options: options
      });
      canvas.dataset.ready = 'true';
    }).catch(function () { canvas.dataset.ready = 'failed'; });
  }

  function outcomes(canvas) {
    var colours = JSON.parse(canvas.dataset.colours || '{}');
    var base = JSON.parse(canvas.dataset.filter || '{}');
    load(canvas).then(function (report) {
      var statuses = [
        {status: 'CLOSED', label: canvas.dataset.labelClosed, field: 'closed'},
        {status: 'OPEN', label: canvas.dataset.labelOpen, field: 'open'}
      ];
      var options = common(function (event, elements) {
        if (!elements.length) { return; }
        var row = report.rows[elements[0].index];
        var url = listUrl(base, report.groupBy, row.key, report.period.from, report.period.to,
          statuses[elements[0].datasetIndex].status);
        if (url) { window.location.assign(url); }
      });
      options.indexAxis = 'y';
      options.scales = {
        x: {stacked: true, beginAtZero: true, ticks: {precision: 0}},
        y: {stacked: true}
      };
      new window.Chart(canvas, {
        type: 'bar',
        data: {
          labels: report.rows.map(function (row) { return row.label; }),
          datasets: statuses.map(function (s) {
            return {
              label: s.label,
              backgroundColor: colours[s.status],
              data: report.rows.map(function (row) { return row[s.field]; })
            };
          })
        },
        options: options
      });
      canvas.dataset.ready = 'true';
    }).catch(function () { canvas.dataset.ready = 'failed'; });
  }

  // The recontact rate per purpose (or owner); a bar opens the recontacted conversations it counts.
  function recontacts(canvas) {
    var colours = JSON.parse(canvas.dataset.purposeColours || '{}');
    var base = JSON.parse(canvas.dataset.filter || '{}');
    load(canvas).then(function (report) {
      var rows = report.rows;
      var options = common(function (event, elements) {
        if (!elements.length) { return; }
        var row = rows[elements[0].index];
        var url = listUrl(base, report.groupBy, row.key, report.period.from, report.period.to, 'CLOSED');
        if (url) { window.location.assign(url + '&recontacted=true'); }
      });
      options.indexAxis = 'y';
      options.plugins.legend = {display: false};
      options.scales = {x: {beginAtZero: true, suggestedMax: 100, ticks: {callback: function (v) { return v + '%'; }}}};
      new window.Chart(canvas, {
        type: 'bar',
        data: {
          labels: rows.map(function (row) { return row.label; }),
          datasets: [{
            label: canvas.dataset.labelRate,
            backgroundColor: rows.map(function (row) { return colours[row.key] || '#6c757d'; }),
            data: rows.map(function (row) { return row.ratePercent || 0; })
          }]
        },
        options: options
      });
      canvas.dataset.ready = 'true';
    }).catch(function () { canvas.dataset.ready = 'failed'; });
  }

  // Follow-up tasks per assignee, stacked by how they stand; a bar opens the task list with that assignee, the
  // period's creation days and that outcome (the rest of the team, in an agent's report, has no list to open).
  function tasks(canvas) {
    var outcomes = [
      {outcome: 'ON_TIME', field: 'completedOnTime', label: canvas.dataset.labelOnTime, colour: '#1B7837'},
      {outcome: 'LATE', field: 'completedLate', label: canvas.dataset.labelLate, colour: '#E69F00'},
      {outcome: 'OVERDUE', field: 'overdue', label: canvas.dataset.labelOverdue, colour: '#D55E00'},
      {outcome: 'PENDING', field: 'pending', label: canvas.dataset.labelPending, colour: '#56B4E9'}
    ];
    load(canvas).then(function (report) {
      var options = common(function (event, elements) {
        if (!elements.length) { return; }
        var link = document.querySelectorAll('#tasks-table tbody tr')[elements[0].index]
          .querySelectorAll('td')[elements[0].datasetIndex + 1].querySelector('a');
        if (link) { window.location.assign(link.getAttribute('href')); }
      });
      options.indexAxis = 'y';
      options.scales = {x: {stacked: true, beginAtZero: true, ticks: {precision: 0}}, y: {stacked: true}};
      new window.Chart(canvas, {
        type: 'bar',
        data: {
          labels: report.rows.map(function (row) { return row.label; }),
          datasets: outcomes.map(function (o) {
            return {label: o.label, backgroundColor: o.colour, data: report.rows.map(function (row) { return row[o.field]; })};
          })
        },
        options: options
      });
      canvas.dataset.ready = 'true';
    }).catch(function () { canvas.dataset.ready = 'failed'; });
  }

  function customRange() {
    var period = document.getElementById('period');
    if (!period) { return; }
    var show = function () {
      document.querySelectorAll('.custom-range').forEach(function (field) {
        field.classList.toggle('d-none', period.value !== 'CUSTOM');
        field.querySelectorAll('input').forEach(function (input) { input.disabled = period.value !== 'CUSTOM'; });
      });
    };
    period.addEventListener('change', show);
    show();
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('.swatch[data-colour]').forEach(function (swatch) {
      swatch.style.backgroundColor = swatch.dataset.colour;
    });
    document.querySelectorAll('[data-submit-on-change]').forEach(function (select) {
      select.addEventListener('change', function () { select.form.requestSubmit(); });
    });
    customRange();
    var over = document.getElementById('over-time-chart');
    if (over && window.Chart) { overTime(over); }
    var out = document.getElementById('outcomes-chart');
    if (out && window.Chart) { outcomes(out); }
    var again = document.getElementById('recontacts-chart');
    if (again && window.Chart) { recontacts(again); }
    var followUps = document.getElementById('tasks-chart');
    if (followUps && window.Chart) { tasks(followUps); }
  });
})();
