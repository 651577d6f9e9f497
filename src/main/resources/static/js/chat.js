// The inbox: list, open chat and side panel on one screen. Picking a chat swaps thread and panel (htmx, with
// the address following); below 1200 px one pane shows at a time. Also: the thread kept scrolled to its newest
// message, the search's address, the close-chat modal, the log form in the side panel and keyboard shortcuts.
// No inline scripts: everything is keyed on data- attributes and works again after htmx swaps.
(function () {
  'use strict';

  function inbox() {
    return document.querySelector('[data-inbox]');
  }

  function scrollThreads(root) {
    (root || document).querySelectorAll('[data-scroll-bottom]').forEach(function (thread) {
      thread.scrollTop = thread.scrollHeight;
    });
  }

  // ---- Which chat is open: the row marked, the page title, the panes shown on a narrow screen.
  function openChatId() {
    var thread = document.querySelector('#open-chat [data-chat-id]');
    return thread ? thread.getAttribute('data-chat-id') : null;
  }

  function markOpenChat() {
    var box = inbox();
    if (!box) {
      return;
    }
    var id = openChatId();
    box.classList.toggle('chat-open', id !== null);
    if (id === null) {
      box.classList.remove('panel-open');
    }
    document.querySelectorAll('[data-chat-rows] .chat-row').forEach(function (row) {
      var open = row.getAttribute('data-chat-id') === id;
      row.classList.toggle('active', open);
      var link = row.querySelector('[data-chat-link]');
      if (link) {
        if (open) {
          link.setAttribute('aria-current', 'true');
        }
        else {
          link.removeAttribute('aria-current');
        }
      }
    });
    var thread = document.querySelector('#open-chat [data-page-title]');
    if (thread) {
      document.title = thread.getAttribute('data-page-title') + (box.getAttribute('data-title-suffix') || '');
    }
  }

  // ---- The list's scroll position, kept while a chat is open on a narrow screen.
  var listScroll = 0;

  function listPane() {
    return document.querySelector('.inbox-list');
  }

  function narrow() {
    return window.matchMedia('(max-width: 1199.98px)').matches;
  }

  document.addEventListener('htmx:beforeRequest', function (event) {
    var source = event.detail.elt;
    if (source && source.hasAttribute && source.hasAttribute('data-chat-link') && narrow()) {
      listScroll = window.scrollY;
    }
  });

  function showList(push) {
    var box = inbox();
    if (!box) {
      return false;
    }
    box.classList.remove('chat-open', 'panel-open');
    if (push) {
      history.pushState({ inboxList: true }, '', push);
    }
    window.scrollTo({ top: listScroll, behavior: 'instant' });
    var active = document.querySelector('[data-chat-rows] .chat-row.active [data-chat-link]');
    if (active) {
      active.focus({ preventScroll: true });
    }
    return true;
  }

  document.addEventListener('click', function (event) {
    var back = event.target.closest('[data-inbox-back]');
    if (back && listPane() && narrow()) {
      event.preventDefault();
      showList(back.getAttribute('href'));
      return;
    }
    var panel = event.target.closest('[data-inbox-panel]');
    if (panel && inbox()) {
      var show = panel.getAttribute('data-inbox-panel') === 'show';
      inbox().classList.toggle('panel-open', show);
      window.scrollTo({ top: 0, behavior: 'instant' });
      var focus = show ? document.querySelector('#side-panel h2 a, #side-panel a') : document.getElementById('body');
      if (focus) {
        focus.focus({ preventScroll: true });
      }
    }
  });

  // Back from a list shown by the back control: the chat it came from opens again (htmx restores that page).
  window.addEventListener('popstate', function (event) {
    if (event.state && event.state.inboxList) {
      showList(null);
    }
  });

  // ---- The search box: the address follows what is typed, without a history entry per key.
  document.addEventListener('htmx:afterRequest', function (event) {
    var source = event.detail.elt;
    if (!source || !source.hasAttribute || !source.hasAttribute('data-chat-search') || !event.detail.successful) {
      return;
    }
    var params = new URLSearchParams(new FormData(source.form));
    if (!params.get('q')) {
      params.delete('q');
    }
    if (!params.get('unread')) {
      params.delete('unread');
    }
    history.replaceState(history.state, '', window.location.pathname + '?' + params.toString());
    // The open chat's links and forms keep the list they belong to.
    document.querySelectorAll('#open-chat input[name="q"]').forEach(function (input) {
      input.value = params.get('q') || '';
    });
  });

  // ---- The close-chat dialog: a Bootstrap modal (focus moved in and kept there; Esc and Cancel close it).
  function modal(id) {
    var element = document.getElementById(id);
    return (element && window.bootstrap) ? window.bootstrap.Modal.getOrCreateInstance(element) : null;
  }

  document.addEventListener('htmx:afterSwap', function (event) {
    var target = event.detail && event.detail.target;
    if (!target) {
      return;
    }
    if (target.hasAttribute && target.hasAttribute('data-scroll-bottom')) {
      target.scrollTop = target.scrollHeight;
    }
    // Rows refreshed (live, or a search): the page title keeps the number of my open chats with unread messages.
    var counts = target.querySelectorAll ? target.querySelectorAll('[data-unread-chats]') : [];
    if (counts.length > 0) {
      var unread = parseInt(counts[counts.length - 1].getAttribute('data-unread-chats'), 10);
      var bare = document.title.replace(/^\(\d+\) /, '');
      document.title = (unread > 0 ? '(' + unread + ') ' : '') + bare;
      counts.forEach(function (count) {
        if (count !== counts[counts.length - 1]) {
          count.remove();
        }
      });
    }
    if (target.id === 'open-chat') {
      markOpenChat();
      scrollThreads(target);
      if (narrow()) {
        window.scrollTo({ top: 0, behavior: 'instant' });
      }
      var heading = document.getElementById('chat-heading');
      if (heading && event.detail.requestConfig && event.detail.requestConfig.elt
          && event.detail.requestConfig.elt.hasAttribute('data-chat-link') && narrow()) {
        heading.setAttribute('tabindex', '-1');
        heading.focus({ preventScroll: true });
      }
    }
    if (target.id === 'dialog') {
      var dialog = modal('close-chat-modal');
      if (dialog) {
        dialog.show();
      }
    }
    var closeDialog = document.getElementById('close-chat-modal');
    if (closeDialog && closeDialog.contains(target) && closeDialog.classList.contains('show')) {
      focusFirstField(closeDialog);
    }
  });

  function focusFirstField(root) {
    var field = root.querySelector('.is-invalid, #subject, #close-chat-submit');
    if (field) {
      field.focus();
    }
  }

  // A dialog says when it is fully open (its animation done), and when it is closed again.
  document.addEventListener('shown.bs.modal', function (event) {
    event.target.setAttribute('data-shown', 'true');
  });
  document.addEventListener('hide.bs.modal', function (event) {
    event.target.removeAttribute('data-shown');
  });

  document.addEventListener('shown.bs.modal', function (event) {
    if (event.target.id === 'close-chat-modal') {
      focusFirstField(event.target);
    }
  });
  document.addEventListener('hidden.bs.modal', function (event) {
    if (event.target.id === 'close-chat-modal') {
      var trigger = document.getElementById('close-chat');
      if (trigger) {
        trigger.focus();
      }
    }
  });

  // Tab and Shift+Tab go round inside an open dialog, also past its first and last fields (where the
  // browser would otherwise leave the page).
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Tab') {
      return;
    }
    var open = document.querySelector('.modal.show');
    if (!open) {
      return;
    }
    var focusable = Array.prototype.filter.call(open.querySelectorAll(
      'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), '
      + 'textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'), function (element) {
      return element.offsetParent !== null || element === document.activeElement;
    });
    if (focusable.length === 0) {
      return;
    }
    var first = focusable[0];
    var last = focusable[focusable.length - 1];
    var inside = open.contains(document.activeElement);
    if (event.shiftKey && (document.activeElement === first || !inside)) {
      event.preventDefault();
      last.focus();
    }
    else if (!event.shiftKey && (document.activeElement === last || !inside)) {
      event.preventDefault();
      first.focus();
    }
  });

  document.addEventListener('click', function (event) {
    var cancel = event.target.closest('[data-close-cancel]');
    if (!cancel) {
      return;
    }
    var box = cancel.closest('.modal');
    if (box) {
      event.preventDefault();
      modal(box.id).hide();
    }
    else if (cancel.tagName !== 'A') {
      window.history.back();
    }
  });

  // ---- The log form in the side panel: the conversation form of /chats/{id}/conversations/new, sent with
  // htmx so that the thread stays; once saved, the panels show the new conversation.
  document.addEventListener('htmx:afterSwap', function (event) {
    var target = event.detail && event.detail.target;
    if (!target || !target.hasAttribute || !target.hasAttribute('data-side-log')) {
      return;
    }
    var form = target.querySelector('form[data-conversation-form]');
    if (!form) {
      return;
    }
    form.setAttribute('hx-post', form.getAttribute('action'));
    form.setAttribute('hx-target', '#side-log');
    form.setAttribute('hx-select', 'form[data-conversation-form]');
    form.setAttribute('hx-swap', 'innerHTML');
    window.htmx.process(form);
    var subject = form.querySelector('#subject');
    if (subject) {
      subject.focus();
    }
  });

  document.addEventListener('htmx:beforeSwap', function (event) {
    var target = event.detail.target;
    var xhr = event.detail.xhr;
    if (!target || !target.hasAttribute || !target.hasAttribute('data-side-log') || !xhr) {
      return;
    }
    // Saved: the server answers the panel's post 204 (a refused form comes back with its errors). Close the
    // form and refresh the panels instead.
    if (event.detail.requestConfig && event.detail.requestConfig.verb === 'post' && xhr.status === 204) {
      event.detail.shouldSwap = false;
      target.innerHTML = '';
      var done = document.createElement('p');
      done.className = 'alert alert-success small py-2 mt-2 mb-0';
      done.setAttribute('role', 'status');
      done.textContent = target.getAttribute('data-logged') || 'Conversation logged.';
      target.appendChild(done);
      document.body.dispatchEvent(new CustomEvent('conversation-logged', { bubbles: true }));
      var button = document.getElementById('new-conversation');
      if (button) {
        button.focus();
      }
    }
  });

  // In the side panel, the form's Cancel closes the form instead of leaving the inbox.
  document.addEventListener('click', function (event) {
    var link = event.target.closest('[data-side-log] form a.btn');
    if (link) {
      event.preventDefault();
      var log = link.closest('[data-side-log]');
      log.innerHTML = '';
      var button = document.getElementById('new-conversation');
      if (button) {
        button.focus();
      }
    }
  });

  // ---- Keyboard: j/k next/previous chat, / search, r reply, Ctrl/Cmd+Enter send, n new conversation,
  // c close chat, ? the shortcut sheet. Off while typing in a field, and while a dialog is open.
  function typing(element) {
    if (!element) {
      return false;
    }
    var tag = element.tagName;
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || element.isContentEditable;
  }

  function moveChat(step) {
    var links = Array.prototype.slice.call(document.querySelectorAll('[data-chat-rows] [data-chat-link]'));
    if (links.length === 0) {
      return;
    }
    var current = links.findIndex(function (link) {
      return link.closest('.chat-row').classList.contains('active');
    });
    var next = (current < 0) ? 0 : Math.min(links.length - 1, Math.max(0, current + step));
    if (next === current) {
      return;
    }
    links[next].focus({ preventScroll: true });
    links[next].scrollIntoView({ block: 'nearest' });
    links[next].click();
  }

  function clickIf(id) {
    var element = document.getElementById(id);
    if (element && !element.disabled) {
      element.click();
      return true;
    }
    return false;
  }

  document.addEventListener('keydown', function (event) {
    // Ctrl/Cmd+Enter sends the reply being typed.
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && event.target.id === 'body') {
      event.preventDefault();
      var form = event.target.form;
      if (form && event.target.value.trim() !== '') {
        form.requestSubmit ? form.requestSubmit() : form.submit();
      }
      return;
    }
    if (!inbox() || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)
        || document.querySelector('.modal.show')) {
      return;
    }
    var handled = true;
    switch (event.key) {
      case 'j':
        moveChat(1);
        break;
      case 'k':
        moveChat(-1);
        break;
      case '/':
        var search = document.getElementById('chat-search');
        if (search) {
          inbox().classList.remove('chat-open', 'panel-open');
          search.focus();
          search.select();
        }
        break;
      case 'r':
        var body = document.getElementById('body');
        if (body && !body.disabled) {
          inbox().classList.remove('panel-open');
          body.focus();
        }
        break;
      case 'n':
        if (document.getElementById('new-conversation')) {
          inbox().classList.add('panel-open');
          clickIf('new-conversation');
        }
        break;
      case 'c':
        clickIf('close-chat');
        break;
      case '?':
        var sheet = modal('shortcuts');
        if (sheet) {
          sheet.show();
        }
        break;
      default:
        handled = false;
    }
    if (handled) {
      event.preventDefault();
    }
  });

  // ---- Start-up, and the live connection.
  document.addEventListener('DOMContentLoaded', function () {
    markOpenChat();
    scrollThreads();
  });
  document.addEventListener('htmx:historyRestore', function () {
    markOpenChat();
    scrollThreads();
  });

  // The live connection (opened by the layout's sse-connect) is up: pages may rely on live updates now.
  document.addEventListener('htmx:sseOpen', function () {
    document.body.setAttribute('data-live', 'open');
  });
  document.addEventListener('htmx:sseError', function () {
    document.body.setAttribute('data-live', 'closed');
  });

  // Filters apply as they change (the unread switch); the search box updates the rows as it is typed instead.
  document.addEventListener('change', function (event) {
    var form = event.target && event.target.form;
    if (form && form.hasAttribute('data-autosubmit') && !event.target.hasAttribute('data-no-autosubmit')) {
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }
  });
})();
