// A form refused by the server is shown again at the URL it was posted to (/conversations, /contacts/41/delete…),
// where a reload would offer to post it again. A page marked data-page-url puts its own address back instead
// (the pattern Post/Redirect/Get gives a successful save). After a successful save it drops the one-time notice's
// parameter (/contacts/41?created, /settings?saved) the same way: the notice shows once, and a reload or a bookmark
// shows the page without announcing the save again.
(function () {
  'use strict';
  var marked = document.querySelector('[data-page-url]');
  if (marked && window.history && window.history.replaceState) {
    var url = marked.getAttribute('data-page-url');
    if (url && url.charAt(0) === '/' && url.charAt(1) !== '/' && url !== window.location.pathname + window.location.search) {
      window.history.replaceState(window.history.state, '', url);
    }
  }
})();
