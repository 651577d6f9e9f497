package com.convonite;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.convonite.support.Api;
import com.convonite.support.ApiIntegrationTest;
import com.convonite.support.OpenApiOperations;
import com.convonite.support.OpenApiOperations.Operation;
import com.convonite.support.WebSession;
import com.convonite.support.WorkspaceFixture;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated hostile input against every operation of the OpenAPI document: wrong types, empty and huge strings,
 * NUL and control characters, emoji and right-to-left text, invalid ids, negative and huge limits, forged cursors,
 * impossible dates and offsets, deeply nested and duplicated JSON keys, wrong content types, oversized bodies.
 * No answer may be a 5xx; every refusal is problem+json; a refused change leaves the record as it was. The run
 * is reproducible: the seed is printed, and {@code -Dconvonite.fuzz.seed=N} repeats it.
 */
class HostileInputIntegrationTests extends ApiIntegrationTest {

	static final int API_REQUESTS = Integer.getInteger("convonite.fuzz.api-requests", 16_000);

	static final long SEED = Long.getLong("convonite.fuzz.seed", System.nanoTime());

	static final int THREADS = 4;

	@Test
	void everyApiOperationRefusesHostileInputCleanly() throws Exception {
		System.out.println("Hostile input: seed " + SEED + ", " + API_REQUESTS + " API requests");
		List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
		Map<String, Integer> statuses = new java.util.concurrent.ConcurrentSkipListMap<>();
		var pool = java.util.concurrent.Executors.newFixedThreadPool(THREADS);
		try {
			List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				int thread = t;
				runs.add(pool.submit(() -> attackOwnWorkspace(thread, failures, statuses)));
			}
			for (var run : runs) {
				run.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		System.out.println("Hostile input answers: " + statuses);
		assertThat(statuses.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(API_REQUESTS);
		assertThat(failures).as("seed %d", SEED).isEmpty();
	}

	/** One thread's share, in a workspace of its own so that its before-and-after reads see only its changes. */
	private void attackOwnWorkspace(int thread, List<String> failures, Map<String, Integer> statuses) {
		TestWorkspace workspace = newWorkspace();
		WorkspaceFixture data = WorkspaceFixture.fill(workspace.admin());
		OpenApiOperations api = OpenApiOperations.of(workspace.admin());
		List<Operation> operations = api.operations.stream().filter(Operation::secured).toList();
		for (int i = thread; i < API_REQUESTS; i += THREADS) {
			Random random = new Random(SEED + i);
			Operation operation = operations.get(random.nextInt(operations.size()));
			Attack attack = attack(random, api, operation, data);
			String target = recordPath(operation, attack.path(), data);
			String before = (target != null) ? workspace.admin().at("GET", target, null, null).body() : null;
			Api.Response response;
			try {
				response = send(workspace.admin(), operation.method(), attack);
			}
			catch (java.io.UncheckedIOException ex) {
				// no answer at all (a connection closed under the client): name the attack, and go on with the rest
				statuses.merge("no answer", 1, Integer::sum);
				failures.add("#" + i + " " + operation + " " + attack.describe() + ": no answer: " + ex.getMessage());
				continue;
			}
			statuses.merge(response.status() / 100 + "xx", 1, Integer::sum);
			String problem = judge(response);
			if (problem == null && target != null && response.status() >= 400) {
				String after = workspace.admin().at("GET", target, null, null).body();
				if (!after.equals(before)) {
					problem = "refused, yet the record changed: " + difference(before, after);
				}
			}
			if (problem != null && failures.size() < 30) {
				failures.add("#" + i + " " + operation + " " + attack.describe() + ": " + problem);
			}
		}
	}

	static final int UI_REQUESTS = Integer.getInteger("convonite.fuzz.ui-requests", 4_000);

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping handlerMappings;

	/** A form of the web app: where it posts and the fields its handler reads. */
	record Form(String path, List<String> fields) {
	}

	@Test
	void everyWebFormRefusesHostileInputWithAMessage() throws Exception {
		List<Form> forms = forms();
		assertThat(forms).as("forms of the web app").hasSizeGreaterThan(10);
		System.out.println("Hostile input: seed " + SEED + ", " + UI_REQUESTS + " form posts over " + forms.size() + " forms");
		List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
		Map<String, Integer> statuses = new java.util.concurrent.ConcurrentSkipListMap<>();
		var pool = java.util.concurrent.Executors.newFixedThreadPool(THREADS);
		try {
			List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				int thread = t;
				runs.add(pool.submit(() -> attackOwnForms(thread, forms, failures, statuses)));
			}
			for (var run : runs) {
				run.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		System.out.println("Hostile form answers: " + statuses);
		assertThat(failures).as("seed %d", SEED).isEmpty();
	}

	@Test
	void everyWebFormRefusesAPostWithoutItsCsrfToken() {
		TestWorkspace workspace = newWorkspace();
		WorkspaceFixture data = WorkspaceFixture.fill(workspace.admin());
		WebSession session = WebSession.signIn(this.port, workspace.adminEmail(), PASSWORD);
		Random random = new Random(SEED);
		for (Form form : forms()) {
			String path = uiPathWith(form.path(), data, new Random(0) {
				@Override
				public int nextInt(int bound) {
					return 1;
				}
			});
			String record = apiRecordOf(path);
			String before = (record != null) ? readRecord(workspace.admin(), record) : null;
			String body = WebSession.encode(Map.of(pick(random, form.fields().isEmpty() ? List.of("x") : form.fields()), "Probe"));
			for (String token : new String[] { null, "forged-token" }) {
				var response = session.postRaw(path, (token != null) ? body + "&_csrf=" + token : body,
						Map.of("Accept", "text/html"));
				assertThat(response.statusCode()).as("POST " + path + " with CSRF token " + token).isEqualTo(403);
			}
			if (record != null) {
				assertThat(readRecord(workspace.admin(), record)).as(path).isEqualTo(before);
			}
		}
	}

	static final List<String> HOSTILE_FORM_VALUES = List.of("", " ", "\u0000", "a\u0000b", "bell\u0007", "\u001b[31m",
			"x".repeat(100_000), "😀".repeat(10_000), "\u202Eevil", "<script>alert(1)</script>", "-1", "0", "abc",
			"99999999999999999999", "1e400", "2026-02-30T10:00", "2026-02-30", "+999999999-12-31T23:59", "25:61",
			"true", "BOGUS", "../../etc/passwd", "%00", "null");

	private void attackOwnForms(int thread, List<Form> forms, List<String> failures, Map<String, Integer> statuses) {
		TestWorkspace workspace = newWorkspace();
		WorkspaceFixture data = WorkspaceFixture.fill(workspace.admin());
		WebSession session = WebSession.signIn(this.port, workspace.adminEmail(), PASSWORD);
		for (int i = thread; i < UI_REQUESTS; i += THREADS) {
			Random random = new Random(SEED + 1_000_000 + i);
			Form form = forms.get(random.nextInt(forms.size()));
			String path = uiPathWith(form.path(), data, random);
			StringBuilder body = new StringBuilder();
			for (String field : form.fields()) {
				String value = random.nextInt(3) == 0 ? pick(random, HOSTILE_FORM_VALUES) : "Probe " + field;
				body.append(java.net.URLEncoder.encode(field, StandardCharsets.UTF_8)).append('=')
					.append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&');
				if (random.nextInt(10) == 0) {
					body.append(java.net.URLEncoder.encode(field, StandardCharsets.UTF_8)).append("=again&");
				}
			}
			if (random.nextInt(8) == 0) {
				body.append("%C3%28=%C3%28&");
			}
			body.append("_csrf=").append(java.net.URLEncoder.encode(session.csrfToken(), StandardCharsets.UTF_8));
			Map<String, String> headers = random.nextBoolean() ? Map.of("HX-Request", "true", "Accept", "*/*")
					: Map.of("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
			String record = apiRecordOf(path);
			String before = (record != null) ? readRecord(workspace.admin(), record) : null;
			var response = session.postRaw(path, body.toString(), headers);
			statuses.merge(response.statusCode() / 100 + "xx", 1, Integer::sum);
			String problem = judgeForm(response, headers.containsKey("HX-Request"));
			boolean refused = response.statusCode() >= 400;
			if (problem == null && record != null && refused) {
				String after = readRecord(workspace.admin(), record);
				if (!after.equals(before)) {
					problem = "refused (" + response.statusCode() + "), yet the record changed: " + difference(before, after);
				}
			}
			if (problem != null && failures.size() < 30) {
				String shown = body.length() > 300 ? body.substring(0, 300) + "…" : body.toString();
				failures.add("#" + i + " POST " + path + " " + headers + " " + shown + ": " + problem);
			}
		}
	}

	/** Every POST handler of the web app (not the API) and the request parameters it reads. */
	List<Form> forms() {
		List<Form> forms = new ArrayList<>();
		this.handlerMappings.getHandlerMethods().forEach((info, handler) -> {
			if (!info.getMethodsCondition().getMethods().contains(org.springframework.web.bind.annotation.RequestMethod.POST)
					|| info.getPathPatternsCondition() == null) {
				return;
			}
			for (String pattern : info.getPathPatternsCondition().getPatternValues()) {
				if (pattern.startsWith("/api/") || pattern.equals("/login") || pattern.equals("/logout")
						|| pattern.equals("/setup") || pattern.startsWith("/error") || pattern.startsWith("/webhooks/")) {
					continue;
				}
				forms.add(new Form(pattern, fieldsOf(handler)));
			}
		});
		return forms;
	}

	static List<String> fieldsOf(org.springframework.web.method.HandlerMethod handler) {
		List<String> fields = new ArrayList<>();
		for (var parameter : handler.getMethodParameters()) {
			parameter.initParameterNameDiscovery(new org.springframework.core.DefaultParameterNameDiscoverer());
			Class<?> type = parameter.getParameterType();
			var requestParam = parameter.getParameterAnnotation(org.springframework.web.bind.annotation.RequestParam.class);
			if (requestParam != null) {
				String name = !requestParam.name().isEmpty() ? requestParam.name() : parameter.getParameterName();
				if (name != null && !Map.class.isAssignableFrom(type)) {
					fields.add(name);
				}
			}
			else if (parameter.hasParameterAnnotation(org.springframework.web.bind.annotation.PathVariable.class)
					|| parameter.hasParameterAnnotation(org.springframework.web.bind.annotation.RequestHeader.class)) {
				continue;
			}
			else if (org.springframework.beans.BeanUtils.isSimpleProperty(type)) {
				if (parameter.getParameterName() != null) {
					fields.add(parameter.getParameterName());
				}
			}
			else if (type.getSimpleName().equals("SignedInMember")) {
				continue;
			}
			else if (type.isRecord()) {
				for (var component : type.getRecordComponents()) {
					fields.add(component.getName());
				}
			}
			else if (type.getName().startsWith("com.convonite.") && !type.getSimpleName().equals("SignedInMember")) {
				for (var property : org.springframework.beans.BeanUtils.getPropertyDescriptors(type)) {
					if (property.getWriteMethod() != null) {
						fields.add(property.getName());
					}
				}
			}
		}
		return fields;
	}

	/** The form's path with its ids filled: mostly the workspace's own records, sometimes malformed ones. */
	static String uiPathWith(String pattern, WorkspaceFixture data, Random random) {
		var matcher = java.util.regex.Pattern.compile("/([a-z-]+)/\\{[^}]+}").matcher(pattern);
		StringBuilder path = new StringBuilder();
		while (matcher.find()) {
			String collection = matcher.group(1);
			String id = random.nextInt(6) == 0 ? pick(random, HOSTILE_IDS) : data.ids.getOrDefault(collection, "1");
			matcher.appendReplacement(path, java.util.regex.Matcher.quoteReplacement("/" + collection + "/" + id));
		}
		matcher.appendTail(path);
		return path.toString().replaceAll("\\{[^}]+}", "1");
	}

	/**
	 * The record as the API shows it, less its unread count: a refused chat action shows the chat page to its
	 * assignee again, and the assignee seeing the chat is what reads it.
	 */
	static String readRecord(Api api, String path) {
		return api.at("GET", path, null, null).body().replaceAll("\"unreadCount\":\\d+,", "");
	}

	/** The API address of the record a web form changes: /settings/purposes/5/edit → /api/v1/purposes/5. */
	static String apiRecordOf(String path) {
		var matcher = java.util.regex.Pattern.compile("/(chats|contacts|conversations|tasks|purposes|members)/(\\d{1,18})(?:/|$)").matcher(path);
		return matcher.find() ? "/api/v1/" + matcher.group(1) + "/" + matcher.group(2) : null;
	}

	/**
	 * What is wrong with a web form's answer, or null when it succeeded or refused with words to read: a page
	 * for a browser's post, a page or a problem whose detail the page's script shows for an htmx request.
	 */
	static String judgeForm(java.net.http.HttpResponse<String> response, boolean htmx) {
		int status = response.statusCode();
		String body = response.body();
		if (status >= 500) {
			return "server error " + status + " " + abbreviate(body);
		}
		if (body.contains("Exception") || body.contains("\tat com.")) {
			return "shows internals: " + abbreviate(body);
		}
		if (status >= 400) {
			String type = response.headers().firstValue("Content-Type").orElse("");
			if (htmx && type.startsWith("application/problem+json") && body.contains("\"detail\"")) {
				return null;
			}
			if (!type.startsWith("text/html")) {
				return "refusal is not a page: " + status + " " + type + " " + abbreviate(body);
			}
			if (!body.contains("class=\"lead\"") && !body.contains("invalid-feedback") && !body.contains("alert")) {
				return "refusal without a message to read: " + status + " " + abbreviate(body);
			}
		}
		return null;
	}

	static String difference(String before, String after) {
		int start = 0;
		while (start < Math.min(before.length(), after.length()) && before.charAt(start) == after.charAt(start)) {
			start++;
		}
		int from = Math.max(0, start - 40);
		return "…" + abbreviate(before.substring(from)) + " → …" + abbreviate(after.substring(Math.min(from, after.length())));
	}

	static String abbreviate(String text) {
		return text.length() > 400 ? text.substring(0, 400) + "…" : text;
	}

	/** One malformed request: its path (with any query), headers, body and content type. */
	record Attack(String kind, String path, Map<String, String> headers, Object body, String contentType) {

		String describe() {
			String shown = (this.body instanceof byte[] bytes) ? "<" + bytes.length + " bytes>" : String.valueOf(this.body);
			return this.kind + " " + this.path + " " + this.headers + " [" + this.contentType + "] "
					+ (shown.length() > 300 ? shown.substring(0, 300) + "…(" + shown.length() + ")" : shown);
		}

	}

	static final String HUGE = "x".repeat(200_000);

	static final List<Object> HOSTILE_VALUES = List.of("", " ", "\u0000", "a\u0000b", "bell\u0007", "\u001b[31mred",
			"\ud800", "x\udc00y", HUGE, "😀".repeat(20_000), "\u202Eevil\u202C", "<script>alert(1)</script>",
			"' or 1=1 --", "../../etc/passwd", "null", "NaN", "-1", "1e400", "99999999999999999999",
			"2026-02-30T10:00:00Z", "+999999999-12-31T23:59:59Z", "2026-01-01T10:00:00+25:00", "2026-13-45", "tomorrow",
			-1, 0, Long.MIN_VALUE, Long.MAX_VALUE, 1.5e308, new java.math.BigInteger("123456789012345678901234567890"),
			true, List.of(), List.of(1, 2), Map.of("a", 1), Map.of());

	static final List<String> HOSTILE_IDS = List.of("-1", "0", "abc", "1.5", "99999999999999999999", "%20", "1%3B",
			"0x10", "%E2%80%AE1", "%F0%9F%98%80", "1e3", "+1", "%EF%BC%91", "9223372036854775807",
			"9223372036854775808", "x".repeat(2000));

	static final List<String> HOSTILE_QUERY = List.of("-1", "0", "201", "99999999999", "abc", "1e3", "", "%00",
			"%E2%80%AE", "%F0%9F%98%80", "2026-02-30T10:00:00Z", "2026-01-01T10:00:00%2B25:00", "+999999999-01-01",
			"x".repeat(3000), "%26%7C%21%3A*()", "%5C", "BOGUS", "-", "--startTime", "true,false", "%C3%28");

	static Attack attack(Random random, OpenApiOperations api, Operation operation, WorkspaceFixture data) {
		String path = operation.hasPathParameters() ? operation.pathWith(data.ids) : operation.path();
		Object body = api.bodyFor(operation, data.ids);
		String contentType = operation.bodyContentType();
		Map<String, String> headers = new LinkedHashMap<>();
		int choice = random.nextInt(10);
		boolean deletes = "DELETE".equals(operation.method());
		if ((choice == 0 || deletes) && operation.hasPathParameters()) {
			return new Attack("id", operation.pathWithEvery(pick(random, HOSTILE_IDS)), headers, body, contentType);
		}
		if (choice <= 2) {
			List<String> names = new ArrayList<>(operation.queryParameters());
			names.addAll(List.of("limit", "cursor"));
			String name = pick(random, names);
			String value = name.equals("cursor") ? forgedCursor(random) : pick(random, HOSTILE_QUERY);
			return new Attack("query", path + "?" + name + "=" + value, headers, body, contentType);
		}
		if (choice <= 6 && body instanceof Map<?, ?> map && !map.isEmpty()) {
			return new Attack("field", path, headers, withHostileField(random, map), contentType);
		}
		if (choice <= 8 && (body != null || !"GET".equals(operation.method()))) {
			return malformedBody(random, path, body, contentType, headers);
		}
		String[] header = pick(random, List.of(new String[] { "If-Match", "\"x\"" }, new String[] { "If-Match", "W/\"-1\"" },
				new String[] { "If-Match", "\"99999999999999999999\"" }, new String[] { "Idempotency-Key", "" },
				new String[] { "Idempotency-Key", "k".repeat(500) }, new String[] { "Accept", "text/csv" },
				new String[] { "Accept", "application/xml" }, new String[] { "Content-Length-Foo", "1" }));
		headers.put(header[0], header[1]);
		return new Attack("header", path, headers, body, contentType);
	}

	static Attack malformedBody(Random random, String path, Object body, String contentType, Map<String, String> headers) {
		String valid = (body != null) ? json(body) : "{}";
		return switch (random.nextInt(11)) {
			case 0 -> new Attack("truncated", path, headers, valid.substring(0, Math.max(1, valid.length() / 2)), "application/json");
			case 1 -> new Attack("nested", path, headers, "[".repeat(5000) + "]".repeat(5000), "application/json");
			case 2 -> new Attack("nested", path, headers, "{\"a\":".repeat(3000) + "1" + "}".repeat(3000), "application/json");
			case 3 -> new Attack("duplicate", path, headers, duplicateFirstKey(valid), "application/json");
			case 4 -> new Attack("utf8", path, headers, invalidUtf8(valid), "application/json");
			case 5 -> new Attack("type", path, headers, valid, pick(random, List.of("text/plain", "application/xml",
					"multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/json; charset=nonsense")));
			case 6 -> new Attack("oversized", path, headers, "{\"subject\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}",
					"application/json");
			case 7 -> new Attack("empty", path, headers, "", "application/json");
			case 8 -> new Attack("shape", path, headers, pick(random, List.of("null", "123", "\"text\"", "[]", "[{}]", "true")),
					"application/json");
			case 9 -> new Attack("numbers", path, headers, valid.replaceFirst(":\\s*\"[^\"]*\"", ":1e999999"), "application/json");
			default -> new Attack("garbage", path, headers, randomBytes(random), (contentType != null) ? contentType : "application/json");
		};
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> withHostileField(Random random, Map<?, ?> body) {
		Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) body);
		List<String> keys = new ArrayList<>(copy.keySet());
		String key = pick(random, keys);
		Object hostile = pick(random, HOSTILE_VALUES);
		if (copy.get(key) instanceof Map<?, ?> nested && !nested.isEmpty() && random.nextBoolean()) {
			copy.put(key, withHostileField(random, nested));
		}
		else if (random.nextInt(8) == 0) {
			copy.put("unknown" + random.nextInt(100), hostile);
		}
		else {
			copy.put(key, hostile);
		}
		return copy;
	}

	static String forgedCursor(Random random) {
		List<String> cursors = List.of("v1\nstartTime\nnot-a-time\n1", "v1\n\n", "v2\nx", "v1\ncreatedAt\n2026-01-01T00:00:00Z",
				"v1\nupdatedAt\n2026-01-01T00:00:00Z\n-1", "v1\nstartTime\n+999999999-12-31T23:59:59Z\n99999999999999999999",
				"\u0000\u0001", "v1\nname\n" + "x".repeat(3000) + "\n1");
		String plain = pick(random, cursors);
		String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
		return switch (random.nextInt(4)) {
			case 0 -> encoded;
			case 1 -> encoded.substring(0, encoded.length() / 2);
			case 2 -> "%25%25%25";
			default -> "!" + encoded;
		};
	}

	static String duplicateFirstKey(String json) {
		int colon = json.indexOf(':');
		if (!json.startsWith("{\"") || colon < 0) {
			return "{\"a\":1,\"a\":2}";
		}
		String key = json.substring(1, colon);
		return "{" + key + ":null," + json.substring(1);
	}

	static byte[] invalidUtf8(String json) {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		byte[] broken = new byte[bytes.length + 2];
		int at = Math.max(1, bytes.length / 2);
		System.arraycopy(bytes, 0, broken, 0, at);
		broken[at] = (byte) 0xC3;
		broken[at + 1] = (byte) 0x28;
		System.arraycopy(bytes, at, broken, at + 2, bytes.length - at);
		return broken;
	}

	static byte[] randomBytes(Random random) {
		byte[] bytes = new byte[1 + random.nextInt(200)];
		random.nextBytes(bytes);
		return bytes;
	}

	static Api.Response send(Api api, String method, Attack attack) {
		Api client = api;
		for (var header : attack.headers().entrySet()) {
			client = client.with(header.getKey(), header.getValue());
		}
		boolean sendsBody = attack.body() != null && !"GET".equals(method) && !"DELETE".equals(method);
		Object body = sendsBody ? ((attack.body() instanceof Map<?, ?> || attack.body() instanceof List<?>)
				? json(attack.body()) : attack.body()) : null;
		return client.at(method, attack.path(), body, sendsBody ? attack.contentType() : null);
	}

	/** What is wrong with the answer, or null when it is a clean success or a clean refusal. */
	static String judge(Api.Response response) {
		if (response.status() >= 500) {
			return "server error " + response;
		}
		if (response.status() >= 400) {
			if (!response.contentType().startsWith("application/problem+json")) {
				return "refusal is not problem+json: " + response;
			}
			var problem = response.json();
			if (!problem.path("type").isString() || problem.path("detail").asString("").isBlank()) {
				return "refusal without a type and a detail: " + response;
			}
			if (response.body().contains("Exception") || response.body().contains("\tat ")) {
				return "refusal shows internals: " + response;
			}
		}
		return null;
	}

	/** The record a mutating request aims at, to read before and after: {@code /api/v1/contacts/7}. */
	static String recordPath(Operation operation, String path, WorkspaceFixture data) {
		if ("GET".equals(operation.method()) || !operation.hasPathParameters()) {
			return null;
		}
		var matcher = java.util.regex.Pattern.compile("^(/api/v1/[a-z]+/\\d+)").matcher(path);
		return matcher.find() ? matcher.group(1) : null;
	}

	static String json(Object value) {
		return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(value);
	}

	static <T> T pick(Random random, List<T> values) {
		return values.get(random.nextInt(values.size()));
	}

}
