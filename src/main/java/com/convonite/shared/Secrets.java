package com.convonite.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.crypto.encrypt.Encryptors;
import org.springframework.security.crypto.encrypt.TextEncryptor;
import org.springframework.stereotype.Component;

/**
 * Encrypts the secrets the product must read back later (channel access tokens, webhook signing secrets) with
 * AES-256-GCM under a key from configuration: {@code convonite.secrets.key} (environment
 * {@code CONVONITE_SECRETS_KEY}), or else a key file made on first start ({@code convonite.secrets.key-file},
 * {@code ./convonite-secrets.key}). Losing the key makes the stored secrets unreadable; they must then be
 * entered again.
 */
@Component
public class Secrets {

	private static final Logger log = LoggerFactory.getLogger(Secrets.class);

	/** Only derives the AES key from the configured one; the key itself carries the secrecy. */
	private static final String SALT = "5c0744940b5c369b";

	private final TextEncryptor encryptor;

	Secrets(@Value("${convonite.secrets.key:}") String key,
			@Value("${convonite.secrets.key-file:./convonite-secrets.key}") String keyFile) {
		this.encryptor = Encryptors.delux(key.isBlank() ? keyFromFile(Path.of(keyFile)) : key, SALT);
	}

	public String encrypt(String plain) {
		return this.encryptor.encrypt(plain);
	}

	public String decrypt(String encrypted) {
		return this.encryptor.decrypt(encrypted);
	}

	/** What a settings page shows of a stored secret: its last four characters at most, never all of it. */
	public static String masked(String plain) {
		if (plain == null || plain.isEmpty()) {
			return "";
		}
		return plain.length() <= 8 ? "••••" : "••••" + plain.substring(plain.length() - 4);
	}

	private static String keyFromFile(Path file) {
		try {
			if (Files.exists(file)) {
				return Files.readString(file).strip();
			}
			byte[] random = new byte[32];
			new SecureRandom().nextBytes(random);
			String key = HexFormat.of().formatHex(random);
			Path absolute = file.toAbsolutePath();
			if (absolute.getParent() != null) {
				Files.createDirectories(absolute.getParent());
			}
			Files.writeString(absolute, key + "\n");
			try {
				Files.setPosixFilePermissions(absolute, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ex) {
				// not a POSIX file system: the file keeps the default permissions
			}
			log.warn("Made a new key for stored secrets in {}; keep it with your backups, or set CONVONITE_SECRETS_KEY",
					absolute);
			return key;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or create the secrets key file " + file, ex);
		}
	}

}
