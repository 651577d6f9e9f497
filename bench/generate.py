#!/usr/bin/env python3
"""Fills a Convonite database with a realistic data set, through the product's own schema, with COPY.

The schema must exist (start the product once against the empty database so that Flyway migrates it) and
the largest workspace must have been bootstrapped with its first admin (CONVONITE_ADMIN_EMAIL): its
password hash is reused for every generated member, so all of them sign in with the admin's password.

    bench/generate.py --scale 1m --admin-email bench-admin@example.com

Connection from the standard libpq variables (PGHOST, PGPORT, PGUSER, PGDATABASE). Writes a description
of the data set (ids and words the scenarios use) as JSON to --out.

Shape of the largest workspace at N conversations: N/4 contacts, each with a WhatsApp chat (a tenth also
with an Instagram one), 2-6 messages per chat in both directions; N conversations spread over the chats
(some chats have many), purposes, owners and statuses skewed like a real team's, start times over three
years with the volume growing; subjects and summaries drawn from a Zipf-distributed vocabulary (a few words
are in almost half the conversations, most are rare); a follow-up task for a fifth of the conversations;
one history entry per conversation. Beside it, three small workspaces of N/100 conversations each and,
above 100k, one of 100k (the growth scenario compares the two).

Loading: ids are assigned here (COPY writes identity columns as given), foreign-key triggers are off for
the load (session_replication_role = replica: the data is consistent by construction), the secondary
indexes of the big tables are dropped before and recreated after from their own definitions, and the
identity sequences are moved past the new ids.
"""
import argparse
import json
import math
import random
import subprocess
import sys
import time
from datetime import datetime, timezone, timedelta

SCALES = {'tiny': 2_000, '10k': 10_000, '100k': 100_000, '1m': 1_000_000, '5m': 5_000_000}

# Words that a support team's subjects and summaries are made of, most frequent first. The long tail is
# made of invented but pronounceable words, so that rare words really are rare.
COMMON = """order the customer delivery to and a refund of for payment not is return product asked
status invoice with on account was card tracking package wants address shipping item size help
about late late changed cancel replacement damaged exchange question price discount warranty
billing subscription password login app update email phone number store opening hours stock
available colour wrong missing charged twice confirmation receipt voucher gift coupon promo
complaint feedback happy unhappy quality broken repair pickup courier week today tomorrow
yesterday morning evening urgent again still waiting since days agent called back later
manager escalated resolved closed open pending follow up check sent link form photo""".split()

SYLLABLES = ['ka', 'lo', 'mi', 'ra', 'ten', 'vo', 'si', 'dor', 'fa', 'ne', 'lu', 'bri', 'zan', 'po',
			 'gel', 'qui', 'tro', 'mun', 'sha', 'vek', 'ri', 'do', 'pla', 'nor', 'ek', 'ul', 'yo', 'ham']

PURPOSES = ['Enquiry', 'Issue', 'Feedback', 'Order status', 'Returns', 'Billing', 'Delivery problem',
			'Product question', 'Complaint', 'Account', 'Cancellation', 'Warranty']

FIRST = ['Ana', 'Bruno', 'Carla', 'David', 'Eva', 'Filipe', 'Greta', 'Hugo', 'Inês', 'João', 'Karin',
		 'Luís', 'Marta', 'Nuno', 'Olga', 'Pedro', 'Rita', 'Sofia', 'Tiago', 'Vera', 'Zé', 'Amélie', 'Björn']
LAST = ['Silva', 'Santos', 'Ferreira', 'Pereira', 'Costa', 'Müller', 'Schmidt', 'Dupont', 'Rossi',
		'García', 'Novak', 'Oliveira', 'Martins', 'Sousa', 'Lopes', 'Nielsen', 'Kowalski', 'Ribeiro']


def vocabulary(rng, size=30_000):
	words = list(dict.fromkeys(COMMON))
	seen = set(words)
	while len(words) < size:
		word = ''.join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
		if word not in seen:
			seen.add(word)
			words.append(word)
	# Zipf's law with s slightly above 1, as in natural text.
	cumulative, total = [], 0.0
	for rank in range(1, size + 1):
		total += 1.0 / rank ** 1.07
		cumulative.append(total)
	return words, cumulative


class Words:
	"""Draws words in large batches (one random.choices call per million words keeps this fast)."""

	def __init__(self, rng, words, cumulative):
		self.rng, self.words, self.cumulative = rng, words, cumulative
		self.pool, self.at = [], 0

	def take(self, n):
		if self.at + n > len(self.pool):
			self.pool = self.rng.choices(self.words, cum_weights=self.cumulative, k=1_000_000)
			self.at = 0
		chunk = self.pool[self.at:self.at + n]
		self.at += n
		return chunk

	def sentence(self, low, high):
		chunk = self.take(self.rng.randint(low, high))
		chunk[0] = chunk[0].capitalize()
		return ' '.join(chunk)


def phone(contact_id):
	"""A valid Portuguese mobile number per contact (91, 92... then seven digits), as the product stores it."""
	return f'+3519{1 + contact_id // 10_000_000}{contact_id % 10_000_000:07d}'


def ts(epoch):
	return datetime.fromtimestamp(epoch, timezone.utc).isoformat()


def csv_text(value):
	if value is None:
		return ''
	return '"' + value.replace('"', '""') + '"'


class Psql:
	"""One psql session; COPY streams go through its stdin."""

	def __init__(self, args):
		self.args = args

	def query(self, sql):
		out = subprocess.run(['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-At', '-c', sql], check=True,
							 capture_output=True, text=True)
		return out.stdout.strip()

	def run(self, sql):
		subprocess.run(['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql], check=True)

	def copy(self, table, columns, rows):
		self.copy_many({table: columns}, ((table, row) for row in rows))

	def copy_many(self, tables, rows):
		"""Streams (table, CSV fields) pairs into one COPY per table, all running at once."""
		started = time.time()
		procs, buffers, counts = {}, {}, {}
		for table, columns in tables.items():
			proc = subprocess.Popen(['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1'], stdin=subprocess.PIPE,
									text=True, encoding='utf-8', bufsize=1 << 20)
			proc.stdin.write('set session_replication_role = replica;\n'
							 f"\\copy {table} ({', '.join(columns)}) from stdin with (format csv)\n")
			procs[table], buffers[table], counts[table] = proc, [], 0
		for table, row in rows:
			buffer = buffers[table]
			buffer.append(','.join(row))
			counts[table] += 1
			if len(buffer) >= 5_000:
				procs[table].stdin.write('\n'.join(buffer) + '\n')
				buffer.clear()
		for table, proc in procs.items():
			if buffers[table]:
				proc.stdin.write('\n'.join(buffers[table]) + '\n')
			proc.stdin.write('\\.\n')
			proc.stdin.close()
		for table, proc in procs.items():
			if proc.wait() != 0:
				sys.exit(f'COPY into {table} failed')
		log('  ' + ', '.join(f'{t}: {c:,}' for t, c in counts.items()) + f' rows in {time.time() - started:.1f} s')


def log(message):
	print(message, file=sys.stderr, flush=True)


def next_id(db, table):
	return int(db.query(f'select coalesce(max(id), 0) + 1 from {table}'))


def secondary_indexes(db, tables):
	"""The definitions of the indexes that are not primary keys, to drop before the load and recreate after."""
	names = ','.join(f"'{t}'" for t in tables)
	out = db.query(f"""
		select i.indexname || E'\\t' || i.indexdef from pg_indexes i
		where i.schemaname = 'public' and i.tablename in ({names})
		  and i.indexname not in (select conname from pg_constraint where contype in ('p', 'u'))""")
	return [line.split('\t', 1) for line in out.splitlines() if line]


def generate(args):
	rng = random.Random(args.seed)
	db = Psql(args)
	n = SCALES[args.scale]
	admin = db.query(f"select id || ',' || workspace_id || ',' || password_hash from member "
					 f"where lower(email) = lower('{args.admin_email}')")
	if not admin:
		sys.exit(f'No member {args.admin_email}: start the product once with CONVONITE_ADMIN_EMAIL set')
	admin_id, big_workspace, password_hash = admin.split(',', 2)
	admin_id, big_workspace = int(admin_id), int(big_workspace)
	if int(db.query(f'select count(*) from conversation where workspace_id = {big_workspace}')) > 0:
		sys.exit('The database already holds conversations: generate into a freshly migrated database')
	words, cumulative = vocabulary(random.Random(7))
	text = Words(rng, words, cumulative)
	now = time.time()
	three_years = 3 * 365 * 86400

	ids = {t: next_id(db, t) for t in ('workspace', 'member', 'contact', 'chat', 'message', 'purpose',
									  'conversation', 'conversation_history', 'task')}

	# Workspaces: the bootstrapped one is the largest; three small ones beside it.
	small = max(200, n // 100)
	sizes = ([100_000] if n > 100_000 else []) + [small] * 3
	workspaces = [(big_workspace, n)] + [(ids['workspace'] + i, size) for i, size in enumerate(sizes)]
	db.run('begin; set session_replication_role = replica; '
		   + ' '.join(f"insert into workspace (id, name) overriding system value values ({w}, 'Small shop {w}');"
					  f" insert into workspace_settings (workspace_id, time_zone) values ({w}, 'Europe/Lisbon');"
					  for w, _ in workspaces[1:]) + ' commit;')

	# Members and purposes, small: plain inserts.
	members, purposes = {}, {}
	member_rows, purpose_rows = [], []
	existing_purposes = db.query(f'select id, name from purpose where workspace_id = {big_workspace} order by position')
	for w, size in workspaces:
		count = max(10, min(60, size // 40_000 + 5)) if w == big_workspace else 4 + size // 20_000
		ms = [admin_id] if w == big_workspace else []
		for i in range(count - len(ms)):
			mid = ids['member']
			ids['member'] += 1
			first, last = rng.choice(FIRST), rng.choice(LAST)
			role = 'ADMIN' if (w != big_workspace and i == 0) else 'AGENT'
			member_rows.append([str(mid), str(w), f'agent{mid}@bench.example.com', csv_text(f'{first} {last}'),
								csv_text(password_hash), role])
			ms.append(mid)
		members[w] = ms
		ps = []
		if w == big_workspace:
			ps = [int(line.split('|')[0]) for line in existing_purposes.splitlines()]
		for name in PURPOSES[len(ps):] if w == big_workspace else PURPOSES[:5]:
			pid = ids['purpose']
			ids['purpose'] += 1
			purpose_rows.append([str(pid), str(w), csv_text(name), str(len(ps) + 1)])
			ps.append(pid)
		purposes[w] = ps
	db.copy('member', ['id', 'workspace_id', 'email', 'name', 'password_hash', 'role'], member_rows)
	db.copy('purpose', ['id', 'workspace_id', 'name', 'position'], purpose_rows)

	indexes = secondary_indexes(db, ['contact', 'chat', 'message', 'conversation', 'conversation_history', 'task'])
	started = time.time()
	db.run('; '.join(f'drop index {name}' for name, _ in indexes))

	# Contacts, their chats and the chats' messages, in one pass into three COPY streams.
	chats = {}  # workspace -> list of (chat id, contact id)

	def contact_chat_message_rows():
		for w, size in workspaces:
			ms, cs = members[w], []
			for _ in range(max(20, size // 4)):
				cid = ids['contact']
				ids['contact'] += 1
				created = now - three_years * rng.random() ** 0.7
				name = f'{rng.choice(FIRST)} {rng.choice(LAST)}'
				yield 'contact', [str(cid), str(w), csv_text(name), phone(cid),
								  f'c{cid}@mail.example.com' if rng.random() < 0.6 else '', ts(created)]
				for channel in ['whatsapp'] + (['instagram'] if rng.random() < 0.1 else []):
					hid = ids['chat']
					ids['chat'] += 1
					cs.append((hid, cid))
					times = sorted(created + (now - created) * rng.random() for _ in range(rng.randint(2, 6)))
					last_in = None
					for i, sent in enumerate(times):
						inbound = (i == 0) or rng.random() < 0.5
						if inbound:
							last_in = sent
						mid = ids['message']
						ids['message'] += 1
						yield 'message', [str(mid), str(w), str(hid), 'IN' if inbound else 'OUT', 'TEXT',
										  csv_text(text.sentence(3, 15)), ts(sent),
										  '' if inbound else str(rng.choice(ms)), '' if inbound else 'READ',
										  f'wamid.{mid}' if inbound else '']
					status = 'OPEN' if times[-1] > now - 7 * 86400 or rng.random() < 0.05 else 'CLOSED'
					unread = rng.randint(1, 3) if status == 'OPEN' and rng.random() < 0.4 else 0
					assignee = str(rng.choice(ms)) if rng.random() < 0.9 else ''
					yield 'chat', [str(hid), str(w), str(cid), channel, status, assignee, str(unread), ts(times[-1]),
								   ts(last_in), ts(created), '' if status == 'OPEN' else ts(times[-1]), ts(created)]
			chats[w] = cs

	db.copy_many({
		'contact': ['id', 'workspace_id', 'name', 'phone', 'email', 'created_at'],
		'chat': ['id', 'workspace_id', 'contact_id', 'channel', 'status', 'assignee_id', 'unread_count',
				 'last_message_at', 'last_inbound_at', 'opened_at', 'closed_at', 'created_at'],
		'message': ['id', 'workspace_id', 'chat_id', 'direction', 'type', 'body', 'sent_at', 'author_id',
					'delivery_status', 'external_id'],
	}, contact_chat_message_rows())

	# Conversations and their follow-up tasks, in one pass into two COPY streams.
	def conversation_task_rows():
		for w, size in workspaces:
			cs, ms, ps = chats[w], members[w], purposes[w]
			# Owners and purposes skewed: a few members and purposes take most of the work.
			owners = rng.choices(ms, weights=[1.0 / (i + 1) ** 0.8 for i in range(len(ms))], k=size)
			purps = rng.choices(ps, weights=[1.0 / (i + 1) ** 0.9 for i in range(len(ps))], k=size)
			# Volume grows over the three years: more recent conversations are more frequent. A conversation is
			# logged as it happens, so ids rise with start (and creation) times, as in a real database: rows of
			# the same weeks share pages of the table.
			starts = sorted(now - three_years * (1 - math.sqrt(rng.random())) for _ in range(size))
			for i in range(size):
				cid = ids['conversation']
				ids['conversation'] += 1
				start = starts[i]
				# Some chats (regular customers) get many conversations.
				hid, contact = cs[int(len(cs) * rng.random() ** 2)]
				recent = start > now - 14 * 86400
				status = 'OPEN' if (recent and rng.random() < 0.6) or rng.random() < 0.03 else 'CLOSED'
				end = start + rng.randint(60, 3 * 86400) if status == 'CLOSED' else None
				created = start + rng.randint(0, 3600)
				updated = max(created, end or created)
				owner = owners[i]
				creator = owner if rng.random() < 0.8 else rng.choice(ms)
				subject = text.sentence(3, 8)
				summary = text.sentence(8, 40) if rng.random() < 0.85 else None
				yield 'conversation', [str(cid), str(w), str(hid), str(contact), csv_text(subject), csv_text(summary),
									   str(purps[i]), status, str(owner), ts(start), ts(end) if end else '',
									   str(creator), ts(created), ts(updated), ts(end) if end else '',
									   '0' if status == 'OPEN' else '1']
				if rng.random() < 0.2:
					tid = ids['task']
					ids['task'] += 1
					due = start + rng.randint(86400, 7 * 86400)
					done = due < now - 86400 * 3 or rng.random() < 0.3
					yield 'task', [str(tid), str(w), str(cid), str(hid), str(contact),
								   csv_text(('Follow up: ' + subject)[:200]), str(owner), ts(due),
								   'DONE' if done else 'OPEN', str(creator), ts(created), ts(due if done else created),
								   ts(due) if done else '']

	first_conversation = ids['conversation']
	db.copy_many({
		'conversation': ['id', 'workspace_id', 'chat_id', 'contact_id', 'subject', 'summary', 'purpose_id', 'status',
						 'owner_id', 'start_time', 'end_time', 'created_by', 'created_at', 'updated_at', 'closed_at',
						 'version'],
		'task': ['id', 'workspace_id', 'conversation_id', 'chat_id', 'contact_id', 'title', 'assignee_id', 'due_at',
				 'status', 'created_by', 'created_at', 'updated_at', 'completed_at'],
	}, conversation_task_rows())

	# One LOGGED history entry per conversation, written by the database from the rows just loaded.
	db.run(f"""set session_replication_role = replica;
		insert into conversation_history (workspace_id, conversation_id, member_id, action, changes, changed_at)
		select workspace_id, id, created_by, 'LOGGED', '[]', created_at from conversation
		where id >= {first_conversation}""")
	log(f'  conversation_history: LOGGED entries in {time.time() - started:.1f} s since the load began')

	log('Recreating indexes...')
	t = time.time()
	db.run('set maintenance_work_mem = \'1GB\'; set max_parallel_maintenance_workers = 2; '
		   + '; '.join(definition for _, definition in indexes))
	log(f'  {len(indexes)} indexes in {time.time() - t:.1f} s')
	for table in ids:
		db.query(f"select setval(pg_get_serial_sequence('{table}', 'id'), (select max(id) from {table}))")
	# The reports' daily rollups: the load ran with triggers off (replica), so they are counted once from the rows,
	# with the same statements the triggers use (migrations V110, V150: the recontact flags, V151: the tasks), one
	# workspace at a time.
	t = time.time()
	for w, _ in workspaces:
		db.run(f'select conversation_rollup_rebuild({w})')
		db.run(f'select conversation_recontact_rebuild({w})')
		db.run(f'select task_rollup_rebuild({w})')
		# the chats' episodes (one per chat, from its opened_at to its closed_at) and their rollups (V180)
		db.run(f'select chat_episode_rebuild({w})')
	log(f'  report rollups in {time.time() - t:.1f} s')
	t = time.time()
	db.run('vacuum (analyze) contact, chat, message, conversation, conversation_history, task, member, purpose, '
		   'conversation_day, conversation_day_time, conversation_recontact, recontact_day, recontact_month, task_day, task_month, '
		   'chat_episode, chat_day, chat_month, chat_day_time, chat_month_time')
	log(f'  vacuum analyze in {time.time() - t:.1f} s')
	log(f'Loaded in {time.time() - started:.0f} s')
	return describe(db, big_workspace, admin_id, members[big_workspace], words, n)


def describe(db, workspace, admin_id, members, words, n):
	"""What the scenarios need: the ids and words with a known selectivity, read back from the data."""
	def one(sql):
		return db.query(sql)
	w = workspace
	owner = int(one(f"""select owner_id from conversation where workspace_id = {w} and owner_id <> {admin_id}
		group by owner_id order by count(*) desc limit 1"""))
	purpose = one(f"""select purpose_id from conversation where workspace_id = {w}
		group by purpose_id order by count(*) desc offset 2 limit 1""")
	contact = one(f"""select contact_id from conversation where workspace_id = {w}
		group by contact_id order by count(*) desc limit 1""")
	common = words[COMMON.index('order')] if 'order' in COMMON else words[0]
	# A rare word: one in about 1 of 5,000 conversations at every scale.
	rare = None
	for rank in range(2000, len(words), 250):
		candidate = words[rank]
		found = int(one(f"""select count(*) from conversation where workspace_id = {w}
			and search @@ to_tsquery('simple', '{candidate}')"""))
		if 0 < found <= max(3, n // 5000):
			rare = candidate
			break
	return {
		'scale': n,
		'workspaceId': w,
		'adminId': admin_id,
		'ownerId': owner,
		'memberIds': members,
		'purposeId': int(purpose),
		'contactId': int(contact),
		'commonWord': common,
		'rareWord': rare or words[5000],
	}


def main():
	parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
	parser.add_argument('--scale', choices=SCALES.keys(), required=True)
	parser.add_argument('--admin-email', required=True)
	parser.add_argument('--seed', type=int, default=42)
	parser.add_argument('--out', default='-')
	args = parser.parse_args()
	description = generate(args)
	text = json.dumps(description, indent=2)
	if args.out == '-':
		print(text)
	else:
		with open(args.out, 'w') as f:
			f.write(text + '\n')


if __name__ == '__main__':
	main()
