package com.convonite.shared;

import java.beans.PropertyEditorSupport;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Browsers send the line breaks of a {@code <textarea>} as CR LF, while text is stored (and sent by API
 * clients) with LF. Without this, saving a form unchanged would rewrite every multi-line note and summary and
 * record a change nobody made. Applies to form fields and request parameters; JSON bodies are left as sent.
 */
@ControllerAdvice
class FormLineBreaks {

	@InitBinder
	void lineFeedsOnly(WebDataBinder binder) {
		binder.registerCustomEditor(String.class, new PropertyEditorSupport() {

			@Override
			public void setAsText(String text) {
				setValue((text != null) ? text.replace("\r\n", "\n") : null);
			}

		});
	}

}
