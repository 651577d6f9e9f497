package com.convonite.workspace;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SingleIndexResolver;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * Web sessions are Spring Session JDBC's, in PostgreSQL (tables made by V70): every instance serves every
 * session. Each session is indexed by its member's id ({@code spring_session.principal_name}, the index that
 * {@link FindByIndexNameSessionRepository#findByPrincipalName} reads), so that all sessions of a member can be
 * found and ended.
 * <p>
 * Ending them is one statement in the transaction that changes the member, so the change and the end of the
 * sessions commit together (Spring Session's own repository would run its deletes in a transaction of their
 * own). A request already running on an ended session finishes; its session is not written back (Spring Session
 * only updates existing rows), and every later request with its cookie is not signed in.
 */
@Configuration(proxyBeanMethods = false)
class WebSessions {

	private final JdbcClient jdbc;

	WebSessions(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Bean
	SessionRepositoryCustomizer<JdbcIndexedSessionRepository> indexSessionsByMemberId() {
		return (repository) -> repository.setIndexResolver(new MemberIdIndex());
	}

	/** Ends every web session of the member (deactivated). */
	void endAll(long memberId) {
		this.jdbc.sql("delete from spring_session where principal_name = :memberId")
			.param("memberId", Long.toString(memberId))
			.update();
	}

	/** Ends every web session of the member but the given one (which changed the password), if any. */
	void endAllBut(long memberId, String keptSessionId) {
		this.jdbc.sql("delete from spring_session where principal_name = :memberId and session_id is distinct from :kept")
			.param("memberId", Long.toString(memberId))
			.param("kept", keptSessionId)
			.update();
	}

	/** The signed-in member's id as the session's principal-name index (null while nobody is signed in). */
	static final class MemberIdIndex extends SingleIndexResolver<Session> {

		MemberIdIndex() {
			super(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME);
		}

		@Override
		public String resolveIndexValueFor(Session session) {
			Object context = session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
			if (context instanceof SecurityContext security && security.getAuthentication() != null
					&& security.getAuthentication().getPrincipal() instanceof MemberPrincipal member) {
				return Long.toString(member.memberId());
			}
			return null;
		}

	}

}
