package com.convonite.shared;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretsTests {

	@Test
	void encryptedSecretsReadBackOnlyWithTheSameKey(@TempDir Path dir) {
		Secrets secrets = new Secrets("a-configured-key", dir.resolve("unused").toString());
		String stored = secrets.encrypt("EAAG-access-token");
		assertThat(stored).doesNotContain("EAAG");
		assertThat(secrets.encrypt("EAAG-access-token")).isNotEqualTo(stored);
		assertThat(new Secrets("a-configured-key", "unused").decrypt(stored)).isEqualTo("EAAG-access-token");
		assertThatThrownBy(() -> new Secrets("another-key", "unused").decrypt(stored)).isInstanceOf(RuntimeException.class);
		assertThat(Files.exists(dir.resolve("unused"))).isFalse();
	}

	@Test
	void withoutAConfiguredKeyAKeyFileIsMadeOnceAndKept(@TempDir Path dir) {
		Path keyFile = dir.resolve("keys/convonite-secrets.key");
		String stored = new Secrets("", keyFile.toString()).encrypt("whsec");
		assertThat(keyFile).exists();
		assertThat(new Secrets("", keyFile.toString()).decrypt(stored)).isEqualTo("whsec");
	}

	@Test
	void maskedShowsAtMostTheLastFourCharacters() {
		assertThat(Secrets.masked("EAAGabcdefgh1234")).isEqualTo("••••1234");
		assertThat(Secrets.masked("short")).isEqualTo("••••");
		assertThat(Secrets.masked(null)).isEmpty();
	}

}
