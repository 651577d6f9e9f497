package com.convonite.platform;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives the instance an id when {@code convonite.instance.id} is not set: the host's name and the process id
 * ({@code web-1-4711}), so that two instances on one host differ too. It is set before logging starts, so that
 * every log line ({@code logging.pattern.level}) and every metric (common tag {@code instance_id}) carries it.
 */
class InstanceIdEnvironment implements EnvironmentPostProcessor {

	static final String PROPERTY = "convonite.instance.id";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String configured = environment.getProperty(PROPERTY);
		if (configured != null && !configured.isBlank()) {
			return;
		}
		environment.getPropertySources()
			.addFirst(new MapPropertySource("convonite-instance-id", Map.of(PROPERTY, host() + "-" + ProcessHandle.current().pid())));
	}

	private static String host() {
		String name = System.getenv("HOSTNAME");
		if (name == null || name.isBlank()) {
			try {
				name = InetAddress.getLocalHost().getHostName();
			}
			catch (UnknownHostException ex) {
				name = "convonite";
			}
		}
		int dot = name.indexOf('.');
		return (dot > 0) ? name.substring(0, dot) : name;
	}

}
