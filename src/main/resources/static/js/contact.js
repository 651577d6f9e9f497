// Contact import page: a file over the size limit is refused before it is sent, rather than after minutes
// of uploading (the server refuses it too).
(function () {
  'use strict';

  document.addEventListener('submit', function (event) {
    var form = event.target.closest('form[data-max-bytes]');
    var input = form && form.querySelector('input[type=file]');
    if (!input || !input.files || input.files.length === 0) {
      return;
    }
    if (input.files[0].size > Number(form.getAttribute('data-max-bytes'))) {
      event.preventDefault();
      input.classList.add('is-invalid');
      input.setAttribute('aria-invalid', 'true');
      var message = document.getElementById('file-size-error');
      if (!message) {
        message = document.createElement('div');
        message.id = 'file-size-error';
        message.className = 'invalid-feedback';
        input.insertAdjacentElement('afterend', message);
        input.setAttribute('aria-describedby', 'file-size-error file-help');
      }
      message.textContent = form.getAttribute('data-too-large');
      input.focus();
    }
  });
})();
