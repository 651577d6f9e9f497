package com.convonite.contact;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;

/** The contacts of a workspace. (Skeleton: the contact/chat work fills this in.) */
@Service
public class Contacts {

	public Optional<ContactView> find(long workspaceId, long contactId) {
		throw new UnsupportedOperationException();
	}

	/** The contact, or a 404 problem. */
	public ContactView get(long workspaceId, long contactId) {
		throw new UnsupportedOperationException();
	}

	/** Contact names by id, for lists and exports. */
	public Map<Long, String> names(long workspaceId, Collection<Long> contactIds) {
		throw new UnsupportedOperationException();
	}

}
