package com.convonite.contact;

/**
 * What another module keeps about a contact (its chats, its tasks), which a contact cannot be deleted without
 * losing. Modules that name contacts implement it, so that the contact page offers Delete only where it can
 * succeed and otherwise says why, without the contact module depending on them.
 */
public interface ContactUses {

	/** How many of this module's records name the contact. */
	int count(long workspaceId, long contactId);

	/** The message key that names such records, taking the count: "{0} chats". */
	String what();

}
