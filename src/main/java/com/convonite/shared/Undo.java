package com.convonite.shared;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What undoes an action that was just done, offered by the toast that says it was done (flash attribute
 * {@code toastUndo} beside {@code toast}): a form posted to {@code action} with these fields. An action that can be
 * undone this way is not asked about first.
 */
public record Undo(String action, Map<String, String> fields) implements Serializable {

	public Undo {
		fields = new LinkedHashMap<>(fields);
	}

}
