-- Chat search (the inbox's search box): a chat matches when its contact's name or phone number, or the text
-- of one of its messages, holds every word typed (as a word or a word's beginning), like the conversation
-- search: the same 'simple' parser and accent folding, so "joao" finds "João".

-- Names are schema-qualified inside the functions: PostgreSQL 17 runs index builds with search_path
-- pg_catalog only, where an unqualified immutable_unaccent() is not found.

-- A phone number as words to search by: its digits with the country code (1 to 3 digits) and without, so
-- that "2015552026", "+1 201 555" and "12015552026" all find +12015552026 by prefix.
create function phone_search_words(phone text) returns text
  language sql immutable parallel safe strict
  as $$ select d || ' ' || substr(d, 2) || ' ' || substr(d, 3) || ' ' || substr(d, 4)
        from regexp_replace(phone, '\D', '', 'g') as d $$;

create function contact_search_vector(name text, phone text) returns tsvector
  language sql immutable parallel safe
  as $$ select to_tsvector('simple', public.immutable_unaccent(coalesce(name, '')) || ' ' || coalesce(public.phone_search_words(phone), '')) $$;

create function message_search_vector(body text) returns tsvector
  language sql immutable parallel safe
  as $$ select to_tsvector('simple', public.immutable_unaccent(coalesce(body, ''))) $$;

create index contact_search_idx on contact using gin (contact_search_vector(name, phone));
create index message_search_idx on message using gin (message_search_vector(body));
