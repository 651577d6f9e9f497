// Conversation pages: picking the first and last message in the thread, and the follow-up task section.
// No inline scripts: everything is keyed on data- attributes, and works again after htmx swaps.
(function () {
  'use strict';

  function formOf(element) {
    return element.closest('form') || document;
  }

  function checked(form, pick) {
    return form.querySelector('input[data-pick="' + pick + '"]:checked');
  }

  function itemOf(radio) {
    return radio ? radio.closest('[data-message-id]') : null;
  }

  // Marks the chosen messages and fills start and end time from their times.
  function refresh(form, changed) {
    var first = itemOf(checked(form, 'first'));
    var last = itemOf(checked(form, 'last'));
    form.querySelectorAll('[data-message-bubble]').forEach(function (bubble) {
      var item = bubble.closest('[data-message-id]');
      bubble.classList.toggle('selected-first', item === first);
      bubble.classList.toggle('selected-last', item === last);
    });
    var start = form.querySelector('input[name="startTime"]');
    var end = form.querySelector('input[name="endTime"]');
    if (changed === 'first' && start && first) {
      start.value = first.getAttribute('data-sent-at');
    }
    if (changed === 'last' && end) {
      if (last) {
        end.value = last.getAttribute('data-sent-at');
      }
      else if (sameTime(end.value, form.getAttribute('data-last-sent-at'))) {
        // "No last message" clears the end time that came from the last message, and only that.
        end.value = '';
      }
    }
    if (changed === 'last' || changed === null) {
      form.setAttribute('data-last-sent-at', last ? last.getAttribute('data-sent-at') : '');
    }
    form.dispatchEvent(new CustomEvent('messages-picked', { bubbles: true })); // suggestions follow (js/assist.js)
  }

  // datetime-local values, with or without the seconds a browser leaves out when they are zero.
  function sameTime(a, b) {
    function normal(v) {
      return (v || '').replace(/^(\d{4}-\d\d-\d\dT\d\d:\d\d)(:00(\.0+)?)?$/, '$1');
    }
    return !!a && normal(a) === normal(b);
  }

  function choose(item, pick) {
    var radio = item.querySelector('input[data-pick="' + pick + '"]');
    if (radio) {
      radio.checked = true;
      refresh(formOf(item), pick);
    }
  }

  // A click on a message: the first click picks the first message, the next the last one (swapped when it
  // came earlier in the thread); a click after both are picked starts again.
  document.addEventListener('click', function (event) {
    var bubble = event.target.closest('[data-message-bubble]');
    if (!bubble) {
      return;
    }
    var item = bubble.closest('[data-message-id]');
    var form = formOf(item);
    var first = itemOf(checked(form, 'first'));
    var last = itemOf(checked(form, 'last'));
    if (!first || (first && last)) {
      choose(item, 'first');
      var none = form.querySelector('input[data-pick="last"][value=""]');
      if (none) {
        none.checked = true;
      }
      refresh(form, null);
      return;
    }
    var items = Array.prototype.slice.call(form.querySelectorAll('[data-message-id]'));
    if (items.indexOf(item) < items.indexOf(first)) {
      choose(first, 'last');
      choose(item, 'first');
    }
    else {
      choose(item, 'last');
    }
  });

  document.addEventListener('change', function (event) {
    var pick = event.target.getAttribute && event.target.getAttribute('data-pick');
    if (pick) {
      refresh(formOf(event.target), pick);
    }
    if (event.target.matches && event.target.matches('[data-follow-up-toggle]')) {
      showFollowUp(event.target);
    }
  });

  function showFollowUp(toggle) {
    var fields = toggle.closest('[data-follow-up]').querySelector('[data-follow-up-fields]');
    if (fields) {
      fields.hidden = !toggle.checked;
    }
  }

  // The follow-up title's placeholder follows the subject: "Follow up: " + subject.
  document.addEventListener('input', function (event) {
    if (event.target.name !== 'subject') {
      return;
    }
    var title = formOf(event.target).querySelector('[data-follow-up-title]');
    if (title) {
      title.placeholder = (title.getAttribute('data-prefix') || '') + event.target.value;
    }
  });

  // Export CSV: the link is built from the filter form as it stands at the click, so the download always
  // matches the filters on screen, even while the list is still catching up with a pasted search.
  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a[data-export-form]');
    if (!link) {
      return;
    }
    var form = document.getElementById(link.getAttribute('data-export-form'));
    if (!form) {
      return;
    }
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (value !== '' && key !== 'cursor') {
        params.append(key, value);
      }
    });
    var base = link.getAttribute('href').split('?')[0];
    link.setAttribute('href', base + (params.toString() ? '?' + params.toString() : ''));
  }, true);

  // Unsaved changes: a form marked data-unsaved-warning remembers what it held when shown; leaving the page
  // (a link, Back, closing the tab) while it differs asks first. Saving it does not ask.
  function snapshot(form) {
    return new URLSearchParams(new FormData(form)).toString();
  }

  function dirtyForms() {
    return Array.prototype.filter.call(document.querySelectorAll('form[data-unsaved-warning]'), function (form) {
      return !form.hasAttribute('data-submitting') && form.hasAttribute('data-initial')
        && form.getAttribute('data-initial') !== snapshot(form);
    });
  }

  window.addEventListener('beforeunload', function (event) {
    if (dirtyForms().length > 0) {
      event.preventDefault();
      event.returnValue = '';
    }
  });

  document.addEventListener('submit', function (event) {
    if (event.target.matches && event.target.matches('form[data-unsaved-warning]')) {
      event.target.setAttribute('data-submitting', '');
    }
  });

  // A swap by htmx that would replace a changed form (the side panel, the dialog) asks the same question.
  document.addEventListener('htmx:beforeSwap', function (event) {
    var target = event.detail && event.detail.target;
    var dirty = dirtyForms().filter(function (form) {
      return target && target.contains(form);
    });
    if (dirty.length > 0 && !dirty[0].contains(event.detail.requestConfig && event.detail.requestConfig.elt)
        && !window.confirm(dirty[0].getAttribute('data-unsaved-message') || 'Leave without saving?')) {
      event.detail.shouldSwap = false;
    }
  });

  function init(root) {
    var forms = root.matches && root.matches('form[data-unsaved-warning]') ? [root]
      : Array.prototype.slice.call(root.querySelectorAll('form[data-unsaved-warning]'));
    forms.forEach(function (form) {
      form.removeAttribute('data-submitting');
      form.setAttribute('data-initial', snapshot(form));
    });
    root.querySelectorAll('[data-follow-up-toggle]').forEach(showFollowUp);
    root.querySelectorAll('[data-thread]').forEach(function (thread) {
      var form = formOf(thread);
      var last = itemOf(checked(form, 'last'));
      form.setAttribute('data-last-sent-at', last ? last.getAttribute('data-sent-at') : '');
    });
  }

  // Conversations tab: a ready-made range (Today, Last 7 days) fills the start-time fields, and the list follows
  // as if they had been typed (the filter form reloads the results on change).
  document.addEventListener('click', function (event) {
    var range = event.target.closest('[data-range-from]');
    if (!range) {
      return;
    }
    var from = document.getElementById('startFrom');
    var to = document.getElementById('startTo');
    if (!from || !to) {
      return;
    }
    from.value = range.getAttribute('data-range-from');
    to.value = range.getAttribute('data-range-to');
    to.dispatchEvent(new Event('change', { bubbles: true }));
  });

  // Conversations tab: "Save view" saves the filters as they are now, which htmx may have changed since the page
  // was served (the form's own query field is right without JavaScript, when every change reloads the page).
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var source = form.matches && form.matches('form[data-query-from]')
      ? document.getElementById(form.getAttribute('data-query-from')) : null;
    if (source) {
      var params = new URLSearchParams();
      new FormData(source).forEach(function (value, name) {
        if (typeof value === 'string' && value !== '') {
          params.append(name, value);
        }
      });
      form.querySelector('input[name="query"]').value = params.toString();
    }
  });

  // Conversations tab: the search box reloads the list as one types (htmx's input trigger). Its change event, when
  // the focus leaves the box, would reach the filter form's change trigger and reload the list once more with what
  // is already on screen, undoing the tick of a row (or the opening of a box) made by the very click that moved
  // the focus. Stopped on its way down, before it reaches the form.
  document.addEventListener('change', function (event) {
    if (event.target.id === 'q' && event.target.closest('#filters')) {
      event.stopPropagation();
    }
  }, true);

  // Conversations tab, bulk bar: "Select all on this page", the count of ticked rows in "Apply to", and the value
  // select (new owner, new purpose) shown only for the action that needs it. Without JavaScript every control
  // shows and the server reads only what the action needs.
  function refreshBulk() {
    var bar = document.getElementById('bulk');
    if (!bar) {
      return;
    }
    var boxes = document.querySelectorAll('input[data-bulk-id]');
    var ticked = document.querySelectorAll('input[data-bulk-id]:checked').length;
    var label = bar.querySelector('[data-bulk-selected-label]');
    if (label) {
      label.textContent = label.getAttribute('data-label').replace('{0}', ticked);
    }
    var page = bar.querySelector('[data-bulk-select-page]');
    if (page) {
      page.checked = boxes.length > 0 && ticked === boxes.length;
      page.indeterminate = ticked > 0 && ticked < boxes.length;
    }
    var action = bar.querySelector('[data-bulk-action]');
    bar.querySelectorAll('[data-bulk-value]').forEach(function (select) {
      select.hidden = !action || action.value !== select.getAttribute('data-bulk-value');
    });
  }

  document.addEventListener('change', function (event) {
    var target = event.target;
    if (target.matches('[data-bulk-select-page]')) {
      document.querySelectorAll('input[data-bulk-id]').forEach(function (box) {
        box.checked = target.checked;
      });
    }
    if (target.matches('[data-bulk-id], [data-bulk-select-page]')) {
      var scope = document.querySelector('[data-bulk-scope]');
      if (scope && document.querySelector('input[data-bulk-id]:checked')) {
        scope.value = 'selected';
      }
    }
    if (target.closest('#bulk') || target.matches('[data-bulk-id]')) {
      refreshBulk();
    }
  });

  document.addEventListener('DOMContentLoaded', refreshBulk);
  document.addEventListener('htmx:afterSettle', refreshBulk);

  document.addEventListener('DOMContentLoaded', function () {
    init(document);
  });
  document.addEventListener('htmx:afterSwap', function (event) {
    init(event.target);
  });
})();
