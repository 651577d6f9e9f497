package com.convonite.contact;

import org.springframework.jdbc.core.simple.JdbcClient;

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

	/**
	 * Uses counted by one statement of the implementing module, which takes {@code :workspaceId} and
	 * {@code :contactId} and answers a count.
	 */
	abstract class Counted implements ContactUses {

		private final JdbcClient jdbc;

		private final String countSql;

		private final String what;

		protected Counted(JdbcClient jdbc, String countSql, String what) {
			this.jdbc = jdbc;
			this.countSql = countSql;
			this.what = what;
		}

		@Override
		public int count(long workspaceId, long contactId) {
			return this.jdbc.sql(this.countSql)
				.param("workspaceId", workspaceId)
				.param("contactId", contactId)
				.query(Integer.class)
				.single();
		}

		@Override
		public String what() {
			return this.what;
		}

	}

}
