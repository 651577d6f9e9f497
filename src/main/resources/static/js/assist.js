// Suggestions in the log form (templates/assist/suggestions.html): the requests carry the messages picked as
// first and last; a suggested purpose is chosen by a click; a draft fills the subject and summary, asking first
// when the user already wrote something there. Nothing is put into the form without the user's click.
(function () {
  'use strict';

  function pickedValue(form, name) {
    var radio = form.querySelector('input[name="' + name + '"]:checked');
    return radio ? radio.value : '';
  }

  // Every request from the suggestions (purposes, draft) names the picked messages of its own form.
  document.addEventListener('htmx:configRequest', function (event) {
    var elt = event.detail.elt;
    var assist = elt && elt.closest && elt.closest('[data-log-assist]');
    if (!assist) {
      return;
    }
    var form = assist.closest('form');
    if (!form) {
      return;
    }
    event.detail.parameters.firstMessageId = pickedValue(form, 'firstMessageId');
    event.detail.parameters.lastMessageId = pickedValue(form, 'lastMessageId');
  });

  function markChosen(assist) {
    var form = assist.closest('form');
    var select = form && form.querySelector('select[name="purposeId"]');
    assist.querySelectorAll('[data-suggested-purpose]').forEach(function (button) {
      button.setAttribute('aria-pressed', String(!!select && select.value === button.getAttribute('data-suggested-purpose')));
      button.classList.toggle('active', !!select && select.value === button.getAttribute('data-suggested-purpose'));
    });
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('[data-suggested-purpose]');
    if (button) {
      var form = button.closest('form');
      var select = form && form.querySelector('select[name="purposeId"]');
      if (select) {
        select.value = button.getAttribute('data-suggested-purpose');
        select.dispatchEvent(new Event('change', { bubbles: true }));
      }
      return;
    }
    var replace = event.target.closest && event.target.closest('[data-draft-replace]');
    if (replace) {
      var result = replace.closest('[data-draft-result]');
      fill(result);
      return;
    }
    var keep = event.target.closest && event.target.closest('[data-draft-keep]');
    if (keep) {
      var box = keep.closest('[data-draft-result]');
      var draftButton = box.closest('[data-log-assist]').querySelector('[data-draft-request]');
      box.innerHTML = '';
      if (draftButton) {
        draftButton.focus();
      }
    }
  });

  // The purpose chosen by hand or by a suggestion shows as pressed among the suggestions.
  document.addEventListener('change', function (event) {
    if (event.target.matches && event.target.matches('select[name="purposeId"]')) {
      var form = event.target.closest('form');
      var assist = form && form.querySelector('[data-log-assist]');
      if (assist) {
        markChosen(assist);
      }
    }
  });

  function draftOf(result) {
    var values = result.querySelector('[data-draft-values]');
    return values ? {
      subject: values.querySelector('[data-draft-subject]').textContent,
      summary: values.querySelector('[data-draft-summary]').textContent
    } : null;
  }

  function setValue(field, value) {
    if (field && value) {
      field.value = value;
      field.dispatchEvent(new Event('input', { bubbles: true }));
    }
  }

  function fill(result) {
    var draft = draftOf(result);
    var form = result.closest('form');
    if (!draft || !form) {
      return;
    }
    setValue(form.querySelector('[name="subject"]'), draft.subject);
    setValue(form.querySelector('[name="summary"]'), draft.summary);
    form.setAttribute('data-drafted', JSON.stringify(draft));
    var confirm = result.querySelector('[data-draft-confirm]');
    var wasAsking = confirm && !confirm.hidden;
    if (confirm) {
      confirm.hidden = true;
    }
    var filled = result.querySelector('[data-draft-filled]');
    if (filled) {
      filled.hidden = false;
    }
    if (wasAsking) {
      var subject = form.querySelector('[name="subject"]');
      if (subject) {
        subject.focus();
      }
    }
  }

  // What the user wrote differs from empty and from the draft last put there: theirs, not to overwrite silently.
  function userWrote(form) {
    var before = {};
    try {
      before = JSON.parse(form.getAttribute('data-drafted') || '{}');
    }
    catch (e) {
      before = {};
    }
    return ['subject', 'summary'].some(function (name) {
      var field = form.querySelector('[name="' + name + '"]');
      var value = field ? field.value.trim() : '';
      return value !== '' && value !== (before[name] || '').trim();
    });
  }

  document.addEventListener('htmx:afterSwap', function (event) {
    var target = event.detail && event.detail.target;
    if (!target || !target.matches) {
      return;
    }
    if (target.matches('[data-purpose-suggestions]')) {
      markChosen(target.closest('[data-log-assist]'));
      return;
    }
    if (!target.matches('[data-draft-result]') || !draftOf(target)) {
      return;
    }
    var form = target.closest('form');
    if (form && userWrote(form)) {
      target.querySelector('[data-draft-confirm]').hidden = false;
    }
    else {
      fill(target);
    }
  });
})();
