package com.convonite.assist;

/**
 * What an admin saves for the workspace's OpenAI-compatible summary provider. {@code baseUrl} and {@code model}
 * are required to switch it on; a blank {@code apiKey} keeps the stored one (a server without keys, such as a
 * local Ollama, needs none), {@code removeApiKey} forgets it. {@code timeoutSeconds} null keeps the stored value
 * (20 s at first). {@code version}, when given, must be the one last read.
 */
public record SummaryProviderSettings(boolean enabled, String baseUrl, String model, String apiKey,
		boolean removeApiKey, Integer timeoutSeconds, Integer version) {

	@Override
	public String toString() {
		return "SummaryProviderSettings[enabled=" + this.enabled + ", baseUrl=" + this.baseUrl + ", model="
				+ this.model + ", timeoutSeconds=" + this.timeoutSeconds + "]";
	}

}
