package com.convonite.contact;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;

import com.convonite.shared.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Where uploaded import files wait on disk while they are imported: streamed there as they arrive (never
 * held in memory), kept until their import is done so that an import interrupted by a restart can resume.
 */
@Component
class ContactImportSpool {

	private static final Logger log = LoggerFactory.getLogger(ContactImportSpool.class);

	private final Path directory;

	private final long maxFileBytes;

	ContactImportSpool(@Value("${convonite.contacts.import.spool-directory}") Path directory,
			@Value("${convonite.contacts.import.max-file-bytes:52428800}") long maxFileBytes) {
		this.directory = directory.toAbsolutePath().normalize();
		this.maxFileBytes = maxFileBytes;
	}

	long maxFileBytes() {
		return this.maxFileBytes;
	}

	/** The limit in words, such as "50 MiB". */
	String maxFileSize() {
		long mib = 1024 * 1024;
		return (this.maxFileBytes % mib == 0) ? (this.maxFileBytes / mib) + " MiB" : (this.maxFileBytes / 1024) + " KiB";
	}

	ProblemException tooLarge() {
		return new ProblemException(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "File too large",
				"The file is larger than the " + maxFileSize() + " a contact import accepts; split it into smaller files "
						+ "and import each.");
	}

	/** Copies the upload to a new spool file, refusing it (and keeping nothing) past the size limit. */
	Path receive(InputStream content) {
		Path file;
		try {
			Files.createDirectories(this.directory);
			file = this.directory.resolve("upload-" + UUID.randomUUID() + ".csv");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the import spool directory " + this.directory, ex);
		}
		try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
			byte[] buffer = new byte[65536];
			long total = 0;
			for (int n = content.read(buffer); n >= 0; n = content.read(buffer)) {
				total += n;
				if (total > this.maxFileBytes) {
					throw tooLarge();
				}
				out.write(buffer, 0, n);
			}
		}
		catch (IOException ex) {
			delete(file);
			throw new ProblemException(HttpStatus.BAD_REQUEST, "upload-interrupted", "Upload interrupted",
					"The file did not arrive completely; upload it again.");
		}
		catch (RuntimeException ex) {
			delete(file);
			throw ex;
		}
		return file;
	}

	Path path(String name) {
		return this.directory.resolve(name);
	}

	void delete(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			log.warn("Could not delete the import file {}: {}", file, ex.getMessage());
		}
	}

	/** Removes files older than a day that no import in progress reads (left by a crash mid-upload). */
	void clean(Collection<String> inUse) {
		if (!Files.isDirectory(this.directory)) {
			return;
		}
		Instant dayAgo = Instant.now().minus(Duration.ofDays(1));
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.directory, "upload-*.csv")) {
			for (Path file : files) {
				if (!inUse.contains(file.getFileName().toString())
						&& Files.getLastModifiedTime(file).toInstant().isBefore(dayAgo)) {
					delete(file);
				}
			}
		}
		catch (IOException ex) {
			log.warn("Could not clean the import spool directory {}: {}", this.directory, ex.getMessage());
		}
	}

}
