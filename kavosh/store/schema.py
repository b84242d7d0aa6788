"""SQLite's ordered schema migrations. Never edit a released step; append a new one.

The database's ``PRAGMA user_version`` is the number of steps applied. Steps 1–5 were released
(c20a096 has them); 6–8 are new in issue 8, 9 in issue 9, 10 in issue 10, 11 in issue 11,
12 in issue 12, 13 and 16 in issue 16, 14 and 17 in issue 13, 15 in issue 15,
18 in issue 11, 19 and 20 in issue 14, 21 in issue 15, 23 in issue 12.
These scripts are SQLite's own (``INTEGER PRIMARY KEY``, ``instr``, ``json_extract``); another
engine brings its own list for the same numbers (see :mod:`kavosh.store.dialect`).
"""

MIGRATIONS: list[str] = [
    # 1: documents, where they were found, their pages and the custody chain.
    """
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,          -- sha256 for files; 'dir:'/'entry:' + path otherwise
        kind TEXT NOT NULL,
        sha256 TEXT,
        size INTEGER,
        mime TEXT,
        status TEXT NOT NULL DEFAULT 'pending',
        stage TEXT,
        reason TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        language TEXT,
        metadata TEXT NOT NULL DEFAULT '{}',
        depth INTEGER NOT NULL DEFAULT 0,
        indexed INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX documents_status ON documents(status, kind);
    CREATE INDEX documents_unindexed ON documents(indexed, status);
    CREATE TABLE occurrences (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        path TEXT NOT NULL,
        parent_id INTEGER REFERENCES documents(id),
        source_size INTEGER,               -- for paths given to ingest: lets a resumed run skip
        source_mtime_ns INTEGER,           -- re-hashing a file it has already received
        UNIQUE (document_id, path)
    );
    CREATE INDEX occurrences_path ON occurrences(path);
    CREATE INDEX occurrences_parent ON occurrences(parent_id);
    CREATE TABLE pages (
        document_id INTEGER NOT NULL REFERENCES documents(id),
        layer TEXT NOT NULL,
        number INTEGER NOT NULL,
        text TEXT NOT NULL,
        needs_ocr INTEGER NOT NULL DEFAULT 0,
        engine TEXT NOT NULL DEFAULT '',
        engine_version TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        PRIMARY KEY (document_id, layer, number)
    );
    CREATE TABLE custody (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        path TEXT NOT NULL,
        size INTEGER,
        sha256 TEXT,
        document_id INTEGER,
        detail TEXT NOT NULL DEFAULT '',
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    """,
    """
    CREATE TABLE dates (
        document_id INTEGER NOT NULL REFERENCES documents(id),
        page INTEGER NOT NULL,
        start INTEGER NOT NULL,            -- offsets in the page's raw text
        "end" INTEGER NOT NULL,
        calendar TEXT NOT NULL,            -- jalali, hijri, gregorian
        gregorian TEXT,                    -- ISO first day of the period (NULL: impossible date)
        precision TEXT NOT NULL,           -- day, month, year
        data TEXT NOT NULL,                -- the full record as JSON (text, problems, form)
        engine TEXT NOT NULL,
        engine_version TEXT NOT NULL
    );
    CREATE INDEX dates_document ON dates(document_id, page);
    CREATE INDEX dates_gregorian ON dates(gregorian);
    """,
    """
    CREATE TABLE paragraphs (
        document_id INTEGER NOT NULL REFERENCES documents(id),
        page INTEGER NOT NULL,
        layer TEXT NOT NULL,
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL,            -- offsets in the page's raw text
        "end" INTEGER NOT NULL,
        language TEXT NOT NULL,            -- ISO 639-3, und when undecided
        direction TEXT NOT NULL,           -- rtl, ltr
        PRIMARY KEY (document_id, page, layer, idx)
    );
    """,
    # 4: OCR: each OCR page's settings and failure reason, recognised words with boxes,
    # which documents' text layers were checked for garbage (scanner layers to re-read by OCR)
    # and which documents have OCR pages whose dates, paragraphs and index entries are not
    # derived yet (a run killed between the two finishes the work on its next start).
    """
    ALTER TABLE pages ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';  -- JSON: languages, steps
    ALTER TABLE pages ADD COLUMN reason TEXT;  -- OCR of this page failed: why (text is empty)
    ALTER TABLE documents ADD COLUMN text_checked INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE documents ADD COLUMN ocr_pending INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX pages_needs_ocr ON pages(needs_ocr, document_id, number);
    CREATE TABLE words (
        document_id INTEGER NOT NULL REFERENCES documents(id),
        page INTEGER NOT NULL,
        layer TEXT NOT NULL,
        idx INTEGER NOT NULL,              -- reading order on the page
        text TEXT NOT NULL,
        "left" INTEGER NOT NULL,           -- box in pixels of the page image (settings.image)
        top INTEGER NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        confidence REAL NOT NULL,          -- 0-100 as the engine reports it
        line INTEGER NOT NULL,
        start INTEGER NOT NULL,            -- offsets in the page's raw text (-1: not found)
        "end" INTEGER NOT NULL,
        unverified INTEGER NOT NULL DEFAULT 0,  -- low confidence or a digit run: check it
        PRIMARY KEY (document_id, page, layer, idx)
    );
    """,
    """
    CREATE TABLE vocabulary (
        token TEXT PRIMARY KEY,            -- a normalised index token that holds letters
        name_key TEXT NOT NULL,            -- kavosh.text.names.name_key of the token
        prefix TEXT NOT NULL               -- the key's first two sounds: the lookup bucket
    );
    CREATE INDEX vocabulary_prefix ON vocabulary(prefix);
    """,
    # 6: per-document, per-stage state (kavosh.pipeline.stages) replaces the flags
    # documents.indexed, documents.text_checked and documents.ocr_pending. A case made before
    # gets the states its flags meant: what was indexed is done, what was read is derived,
    # PDFs whose text layer was never checked wait for the check, pages waiting for OCR make
    # their document's ocr stage pending. Versions '1' are the stages' first versions.
    """
    CREATE TABLE stage_state (
        document_id INTEGER NOT NULL REFERENCES documents(id),
        stage TEXT NOT NULL,               -- read, textcheck, ocr, derive, index, …
        status TEXT NOT NULL,              -- pending, done, failed
        version TEXT NOT NULL DEFAULT '',  -- the stage's version that set the status
        reason TEXT,                       -- failed: why
        attempts INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (document_id, stage)
    );
    CREATE INDEX stage_state_todo ON stage_state(stage, status, document_id);
    CREATE TABLE case_state (              -- case-wide stages (threads, clusters, …)
        stage TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        version TEXT NOT NULL DEFAULT '',
        reason TEXT,
        updated_at TEXT NOT NULL
    );
    INSERT INTO stage_state (document_id, stage, status, version, reason, attempts, updated_at)
        SELECT id, 'read',
               CASE WHEN status = 'pending' THEN 'pending'
                    WHEN status = 'failed' AND COALESCE(stage, '') != 'ocr' THEN 'failed'
                    ELSE 'done' END,
               '1',
               CASE WHEN status = 'failed' AND COALESCE(stage, '') != 'ocr' THEN reason END,
               attempts, updated_at
        FROM documents WHERE kind = 'file';
    INSERT INTO stage_state (document_id, stage, status, version, updated_at)
        SELECT id, 'derive', CASE WHEN ocr_pending = 1 THEN 'pending' ELSE 'done' END, '1',
               updated_at
        FROM documents WHERE kind = 'file' AND (status = 'done' OR stage = 'ocr');
    INSERT INTO stage_state (document_id, stage, status, version, updated_at)
        SELECT id, 'index',
               CASE WHEN indexed = 1 AND ocr_pending = 0 THEN 'done' ELSE 'pending' END, '1',
               updated_at
        FROM documents WHERE kind = 'file' AND (status = 'done' OR stage = 'ocr');
    INSERT INTO stage_state (document_id, stage, status, version, updated_at)
        SELECT id, 'textcheck', CASE WHEN text_checked = 1 THEN 'done' ELSE 'pending' END, '1',
               updated_at
        FROM documents
        WHERE kind = 'file' AND mime = 'application/pdf' AND (status = 'done' OR stage = 'ocr');
    INSERT INTO stage_state (document_id, stage, status, version, reason, updated_at)
        SELECT d.id, 'ocr',
               CASE WHEN d.status = 'failed' AND d.stage = 'ocr' THEN 'failed'
                    WHEN EXISTS (SELECT 1 FROM pages p WHERE p.document_id = d.id
                                 AND p.needs_ocr = 1 AND NOT EXISTS (
                                     SELECT 1 FROM pages q WHERE q.document_id = d.id
                                     AND q.number = p.number AND q.layer = 'ocr'))
                    THEN 'pending' ELSE 'done' END,
               '1', CASE WHEN d.status = 'failed' AND d.stage = 'ocr' THEN d.reason END,
               d.updated_at
        FROM documents d
        WHERE d.kind = 'file' AND (d.status = 'done' OR d.stage = 'ocr')
          AND EXISTS (SELECT 1 FROM pages p WHERE p.document_id = d.id AND p.needs_ocr = 1);
    DROP INDEX documents_unindexed;
    ALTER TABLE documents DROP COLUMN indexed;
    ALTER TABLE documents DROP COLUMN text_checked;
    ALTER TABLE documents DROP COLUMN ocr_pending;
    """,
    # 7: no absolute paths of the reporter's disk in identity keys.
    # Each path given to ingest is a source: a label (the root's name, made unique) and its
    # absolute root, kept here as local metadata only. Occurrence paths and 'dir:'/'entry:'
    # keys become 'label/relative/path'. A case made before this step: its sources are its
    # top-level occurrences (parent_id NULL) in the order first seen; every absolute path is
    # moved under the longest root holding it. Custody records keep their absolute paths:
    # they are hash-chained (Store.relative_path shows them the new way).
    """
    CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        label TEXT NOT NULL UNIQUE,        -- first segment of every path and key received from it
        root TEXT NOT NULL UNIQUE,         -- absolute path on this machine: never exported
        first_seen_at TEXT NOT NULL
    );
    CREATE TEMP TABLE old_roots AS
        SELECT root, base, first_id, first_seen_at,
               ROW_NUMBER() OVER (PARTITION BY base ORDER BY first_id) AS rank
        FROM (SELECT o.path AS root, MIN(o.id) AS first_id, MIN(d.created_at) AS first_seen_at,
                     COALESCE(NULLIF(substr(o.path, length(rtrim(o.path, replace(o.path, '/', '')))
                                                    + 1), ''), 'root') AS base
              FROM occurrences o JOIN documents d ON d.id = o.document_id
              WHERE o.parent_id IS NULL AND substr(o.path, 1, 1) = '/' GROUP BY o.path);
    ALTER TABLE old_roots ADD COLUMN label TEXT;
    UPDATE old_roots SET label = CASE WHEN rank = 1 THEN base ELSE base || '-' || rank END;
    -- 'leak-2' may also be a root's own name: clashing labels get their first occurrence's id
    UPDATE old_roots SET label = label || '-' || first_id
        WHERE label IN (SELECT label FROM old_roots GROUP BY label HAVING COUNT(*) > 1);
    INSERT INTO sources (label, root, first_seen_at)
        SELECT label, root, first_seen_at FROM old_roots ORDER BY first_id;
    DROP TABLE old_roots;
    CREATE TEMP TABLE moved AS
        SELECT old, (SELECT CASE WHEN old = s.root THEN s.label
                                 ELSE s.label || '/' || substr(old, length(rtrim(s.root, '/')) + 2)
                            END
                     FROM sources s
                     WHERE old = s.root OR substr(old, 1, length(rtrim(s.root, '/')) + 1)
                                           = rtrim(s.root, '/') || '/'
                     ORDER BY length(s.root) DESC LIMIT 1) AS new
        FROM (SELECT path AS old FROM occurrences WHERE substr(path, 1, 1) = '/'
              UNION SELECT substr(key, instr(key, ':') + 1) FROM documents
                    WHERE (key LIKE 'dir:/%' OR key LIKE 'entry:/%'));
    DELETE FROM moved WHERE new IS NULL;
    CREATE UNIQUE INDEX temp.moved_old ON moved(old);
    UPDATE occurrences SET path = (SELECT new FROM moved WHERE old = occurrences.path)
        WHERE path IN (SELECT old FROM moved);
    UPDATE documents
        SET key = substr(key, 1, instr(key, ':'))
                  || (SELECT new FROM moved
                      WHERE old = substr(documents.key, instr(documents.key, ':') + 1))
        WHERE (key LIKE 'dir:/%' OR key LIKE 'entry:/%')
          AND substr(key, instr(key, ':') + 1) IN (SELECT old FROM moved);
    DROP TABLE moved;
    """,
    # 8: the languages an OCR page was read with get a column of their own (they were only in
    # the settings JSON), so that "pages read with other languages" is a portable comparison.
    """
    ALTER TABLE pages ADD COLUMN languages TEXT NOT NULL DEFAULT '';  -- OCR: e.g. fas+ara+eng
    UPDATE pages SET languages = json_extract(settings, '$.languages')
        WHERE json_valid(settings) AND json_type(settings, '$.languages') = 'text';
    """,
    # 9: custody records by document (the web UI checks a document's text against its last
    # ``text`` records on every view, issue 9).
    """
    CREATE INDEX custody_document ON custody(document_id, action);
    """,
    # 10: name-use evidence (kavosh.text.derived.name_uses): per document, the tokens used as a
    # name (capitalised inside a sentence, after a title or a given name) and on how many of
    # its pages. Search expands only to words used so (issue 10). Filled by ``derive``.
    """
    CREATE TABLE name_uses (
        document_id INTEGER NOT NULL REFERENCES documents(id),
        token TEXT NOT NULL,               -- a normalised index token
        pages INTEGER NOT NULL,            -- pages of the document where it is used as a name
        PRIMARY KEY (token, document_id)
    ) WITHOUT ROWID;
    CREATE INDEX name_uses_document ON name_uses(document_id);
    """,
    # 11: cable headers (kavosh.text.cables, issue 11): per document, the header's convention
    # and reader, its fields with their provenance (page, layer, raw offsets, raw text, value)
    # and the reader's findings about the header. Filled by ``derive``; a document that is
    # no cable has no row. ``name, value`` is what links a citing cable to the cited one.
    """
    CREATE TABLE cables (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id),
        convention TEXT NOT NULL,          -- fa, ar, us
        reader TEXT NOT NULL,
        reader_version TEXT NOT NULL
    );
    CREATE TABLE cable_fields (
        document_id INTEGER NOT NULL REFERENCES documents(id),
        idx INTEGER NOT NULL,              -- order in the header
        name TEXT NOT NULL,                -- kavosh.text.cables.FIELD_NAMES
        page INTEGER NOT NULL,
        layer TEXT NOT NULL,
        start INTEGER NOT NULL,            -- offsets in the page's raw text
        "end" INTEGER NOT NULL,
        raw TEXT NOT NULL,
        value TEXT NOT NULL,               -- number, reference: reference_key; date: ISO day
        extra TEXT NOT NULL DEFAULT '{}',  -- JSON: a date's record, …
        PRIMARY KEY (document_id, idx)
    ) WITHOUT ROWID;
    CREATE INDEX cable_fields_value ON cable_fields(name, value);
    CREATE TABLE cable_findings (
        document_id INTEGER NOT NULL REFERENCES documents(id),
        idx INTEGER NOT NULL,
        "check" TEXT NOT NULL,
        message TEXT NOT NULL,
        fields TEXT NOT NULL DEFAULT '[]', -- JSON list of field names
        PRIMARY KEY (document_id, idx)
    ) WITHOUT ROWID;
    """,
    # 12: saved searches (issue 12): a name, the query as typed and filters (query-language
    # text ANDed with it), and when its hits were last seen: documents indexed since that
    # match it are new (alerts), found by the time their index stage was done.
    """
    CREATE TABLE saved_searches (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        query TEXT NOT NULL,
        filters TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        seen_at TEXT NOT NULL
    );
    CREATE INDEX stage_state_since ON stage_state(stage, status, updated_at);
    """,
    # 13: verification (kavosh.verify, issue 16): each automated check's findings with their
    # evidence, what each per-document check has done (with the check's version, and what it
    # computed for case-wide comparisons: a typing profile, a MinHash signature), and the
    # verification status people set, every change kept (the current one is the last).
    """
    CREATE TABLE verify_findings (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        "check" TEXT NOT NULL,             -- calendar, header, cable-links, gaps, serials, …
        version TEXT NOT NULL,             -- the check's version that found it
        severity TEXT NOT NULL,            -- info, warning, problem
        message TEXT NOT NULL,
        evidence TEXT NOT NULL DEFAULT '{}'  -- JSON: page, span, field, other documents, …
    );
    CREATE INDEX verify_findings_document ON verify_findings(document_id, "check");
    CREATE INDEX verify_findings_check ON verify_findings("check", severity);
    CREATE TABLE verify_done (
        document_id INTEGER NOT NULL REFERENCES documents(id),
        "check" TEXT NOT NULL,
        version TEXT NOT NULL,
        data TEXT NOT NULL DEFAULT 'null', -- JSON kept for the case-wide comparison
        PRIMARY KEY (document_id, "check")
    ) WITHOUT ROWID;
    CREATE TABLE verify_status (
        seq INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        status TEXT NOT NULL,              -- unreviewed, consistent, questions, corroborated,
                                           -- doubtful
        note TEXT NOT NULL DEFAULT '',
        evidence TEXT NOT NULL DEFAULT '[]',  -- JSON list of links (URLs, document ids, …)
        actor TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE INDEX verify_status_document ON verify_status(document_id, seq);
    """,
    # 14: entities (issue 13): every mention the entity finders found on a document's best
    # pages (raw offsets in the page's layer, finder and version, the document's own day), the
    # entities resolution makes of them (ids kept across resolutions by their ``key``), which
    # mention belongs to which entity, and the decisions people make about entities (merge,
    # split, rename, retype, add), replayed after every resolution. Filled by ``mentions`` and
    # the case-wide ``entities`` stage.
    """
    CREATE TABLE mentions (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        page INTEGER NOT NULL,
        layer TEXT NOT NULL,
        start INTEGER NOT NULL,            -- offsets in the page's raw text
        "end" INTEGER NOT NULL,
        type TEXT NOT NULL,                -- PER, ORG, LOC, PHONE, EMAIL, IBAN, …
        text TEXT NOT NULL,                -- the page's text at start:end
        value TEXT NOT NULL DEFAULT '',    -- the normalised form (a phone in E.164)
        finder TEXT NOT NULL,
        finder_version TEXT NOT NULL,
        score REAL NOT NULL,
        day INTEGER                        -- the document's own date (ordinal), if known
    );
    CREATE INDEX mentions_document ON mentions(document_id, page, start);
    CREATE TABLE entities (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,          -- what keeps the id across resolutions
        type TEXT NOT NULL,
        name TEXT NOT NULL,                -- the canonical Persian (Arabic-script) name
        latin TEXT NOT NULL,               -- the canonical Latin name
        aliases TEXT NOT NULL DEFAULT '[]',  -- JSON: every spelling seen, any script
        mentions INTEGER NOT NULL DEFAULT 0,
        documents INTEGER NOT NULL DEFAULT 0,
        first_day INTEGER,
        last_day INTEGER,
        added INTEGER NOT NULL DEFAULT 0   -- 1: added by a person, not found
    );
    CREATE INDEX entities_type ON entities(type, mentions);
    CREATE TABLE entity_mentions (
        mention_id INTEGER PRIMARY KEY REFERENCES mentions(id),
        entity_id INTEGER NOT NULL REFERENCES entities(id)
    );
    CREATE INDEX entity_mentions_entity ON entity_mentions(entity_id);
    CREATE TABLE entity_decisions (
        seq INTEGER PRIMARY KEY,
        action TEXT NOT NULL,              -- merge, split, rename, retype, add
        data TEXT NOT NULL,                -- JSON: the entities by key and aliases, the values
        actor TEXT NOT NULL,
        at TEXT NOT NULL
    );
    """,
    # 15: translations (kavosh.store.translations, issue 15): each page's source sentences
    # (offsets in the layer they were cut from, and their text as it was), every version of
    # their translation (machine drafts with engine and version, human versions with who and
    # when, and the checked flag each carries), which engine drafted which page, and the
    # case's glossary.
    """
    CREATE TABLE translation_sentences (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        page INTEGER NOT NULL,
        idx INTEGER NOT NULL,              -- order on the page
        layer TEXT NOT NULL,               -- the source layer the offsets are in
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        source TEXT NOT NULL,
        language TEXT NOT NULL DEFAULT '',
        UNIQUE (document_id, page, idx)
    );
    CREATE TABLE translation_versions (
        seq INTEGER PRIMARY KEY,
        sentence_id INTEGER NOT NULL REFERENCES translation_sentences(id),
        kind TEXT NOT NULL,                -- draft, human
        text TEXT NOT NULL,
        engine TEXT NOT NULL DEFAULT '',
        engine_version TEXT NOT NULL DEFAULT '',
        actor TEXT NOT NULL DEFAULT '',
        checked INTEGER NOT NULL DEFAULT 0,
        at TEXT NOT NULL
    );
    CREATE INDEX translation_versions_sentence ON translation_versions(sentence_id, seq);
    CREATE TABLE translation_pages (
        document_id INTEGER NOT NULL REFERENCES documents(id),
        page INTEGER NOT NULL,
        engine TEXT NOT NULL,              -- null: cut into sentences only
        engine_version TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (document_id, page, engine)
    ) WITHOUT ROWID;
    CREATE TABLE translation_glossary (
        source TEXT PRIMARY KEY,
        target TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        actor TEXT NOT NULL,
        at TEXT NOT NULL
    ) WITHOUT ROWID;
    """,
    # 16: verification, continued (issue 16; 14 and 15 are other issues' steps): the people
    # table the newsroom keeps (person × position × start/end, with other spellings: the
    # titles check, kavosh.store.people), and what each per-document check read besides the
    # document (the derive stage's version and time, the people table's digest), so a check
    # runs again on what changed without --redo.
    """
    CREATE TABLE verify_people (
        id INTEGER PRIMARY KEY,
        person TEXT NOT NULL,
        position TEXT NOT NULL,            -- as written; other spellings in titles
        titles TEXT NOT NULL DEFAULT '[]', -- JSON list: the position's spellings
        start TEXT NOT NULL DEFAULT '',    -- ISO day, '' when open
        "end" TEXT NOT NULL DEFAULT '',    -- ISO day, '' when still held
        aliases TEXT NOT NULL DEFAULT '[]', -- JSON list: the person's other spellings
        source TEXT NOT NULL DEFAULT ''    -- file and line it was loaded from
    );
    ALTER TABLE verify_done ADD COLUMN basis TEXT NOT NULL DEFAULT '';
    """,
    # 17: watchlists (issue 13): lists loaded into the case (a version = hash of the entries),
    # their entries, the matches of the archive's mentions against them (with the evidence
    # sentence), and which units (pages) were compared against which version of a list, with
    # the stamp of what the unit held then (resuming skips them).
    """
    CREATE TABLE watchlists (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        version TEXT NOT NULL,             -- sha256 prefix of the entries as loaded
        format TEXT NOT NULL,              -- csv, ftm, sdn
        source TEXT NOT NULL,              -- the file loaded
        entries INTEGER NOT NULL,
        loaded_at TEXT NOT NULL
    );
    CREATE TABLE watchlist_entries (
        id INTEGER PRIMARY KEY,
        list_id INTEGER NOT NULL REFERENCES watchlists(id),
        key TEXT NOT NULL,                 -- the list's own id of the entry
        name TEXT NOT NULL,
        aliases TEXT NOT NULL DEFAULT '[]',  -- JSON list of strings
        type TEXT NOT NULL DEFAULT '',     -- person, organization, vessel, aircraft, …
        country TEXT NOT NULL DEFAULT '',
        program TEXT NOT NULL DEFAULT '',
        data TEXT NOT NULL DEFAULT '{}'    -- JSON: what else the list said
    );
    CREATE INDEX watchlist_entries_list ON watchlist_entries(list_id);
    CREATE TABLE xref_matches (
        id INTEGER PRIMARY KEY,
        list_id INTEGER NOT NULL REFERENCES watchlists(id),
        entry_id INTEGER NOT NULL REFERENCES watchlist_entries(id),
        unit TEXT NOT NULL,                -- the source's unit compared ('document:page')
        document_id INTEGER NOT NULL,
        page INTEGER NOT NULL,
        start INTEGER NOT NULL,            -- raw offsets of the mention in the page's text
        "end" INTEGER NOT NULL,
        mention_id INTEGER,                -- the stored mention, when the source has ids
        mention TEXT NOT NULL,
        mention_type TEXT NOT NULL,
        listed_name TEXT NOT NULL,         -- the name or alias it matched
        score REAL NOT NULL,
        sentence TEXT NOT NULL             -- the evidence
    );
    CREATE INDEX xref_matches_unit ON xref_matches(list_id, unit);
    CREATE INDEX xref_matches_score ON xref_matches(list_id, score);
    CREATE INDEX xref_matches_document ON xref_matches(document_id, page);
    CREATE TABLE xref_done (
        list_id INTEGER NOT NULL REFERENCES watchlists(id),
        unit TEXT NOT NULL,
        version TEXT NOT NULL,             -- the list's version it was compared against
        stamp TEXT NOT NULL,               -- what the unit held (finder version, text hash)
        PRIMARY KEY (list_id, unit)
    ) WITHOUT ROWID;
    """,
    # 18: cable links (kavosh.store.cable_links): per cable, the summary a list or a thread
    # shows (its number's link key, date, sender, recipient, classification, subject) and
    # one row per cited number's link key, so that threads and gaps are indexed queries.
    # Filled by ``derive`` (the derive stage's version changed with it, so an older case's
    # cables are derived again); until then the links are read from cable_fields.
    """
    CREATE TABLE cable_links (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id),
        number TEXT,                       -- link key of its number
        raw TEXT,                          -- the number as written
        date TEXT,                         -- ISO day
        sender TEXT,
        recipient TEXT,
        classification TEXT,
        subject TEXT
    );
    CREATE INDEX cable_links_number ON cable_links(number);
    CREATE TABLE cable_refs (
        document_id INTEGER NOT NULL REFERENCES documents(id),
        idx INTEGER NOT NULL,              -- order in the header
        key TEXT NOT NULL,                 -- link key of the cited number
        raw TEXT NOT NULL,                 -- as written
        PRIMARY KEY (document_id, idx)
    ) WITHOUT ROWID;
    CREATE INDEX cable_refs_key ON cable_refs(key);
    """,
    # 19: relations (kavosh.store.relations, issue 14): per document, the sentences where two
    # mentions (or a cable's station and a mention) relate, with the relation's type,
    # confidence and cue; the digest of what each document's evidence was computed from; and
    # the decisions people made about relations (by entity key, who and when). Mention ids
    # carry no foreign key: a document's mentions are replaced whole, its evidence after them.
    """
    CREATE TABLE relation_evidence (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        page INTEGER NOT NULL,
        layer TEXT NOT NULL,
        type TEXT NOT NULL,                -- co_occurrence, met_with, paid, reported_on, …
        source_mention INTEGER,            -- mentions.id; null: source_label (a station)
        target_mention INTEGER,
        start INTEGER NOT NULL,            -- the sentence, raw offsets in the layer
        "end" INTEGER NOT NULL,
        sentence TEXT NOT NULL,
        confidence REAL NOT NULL,
        cue TEXT NOT NULL DEFAULT '',      -- the words the typed relation was found by
        source_label TEXT NOT NULL DEFAULT '',
        target_label TEXT NOT NULL DEFAULT '',
        day INTEGER                        -- the document's own date (Gregorian ordinal)
    );
    CREATE INDEX relation_evidence_document ON relation_evidence(document_id, page, start);
    CREATE INDEX relation_evidence_source ON relation_evidence(source_mention);
    CREATE INDEX relation_evidence_target ON relation_evidence(target_mention);
    CREATE TABLE relation_documents (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id),
        digest TEXT NOT NULL               -- of the mentions and cable fields it was found in
    );
    CREATE TABLE relation_decisions (
        seq INTEGER PRIMARY KEY,
        action TEXT NOT NULL,              -- confirm, reject, add
        type TEXT NOT NULL,
        source_key TEXT NOT NULL,          -- entities.key (or station:NAME)
        target_key TEXT NOT NULL,
        data TEXT NOT NULL,                -- JSON: the ends' names, a note
        actor TEXT NOT NULL,
        at TEXT NOT NULL
    );
    """,
    # 20: saved network views (kavosh.store.views, issue 14): filters, positions and selected
    # nodes as JSON under a name, with who saved it first and last, and when.
    """
    CREATE TABLE saved_views (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        data TEXT NOT NULL,                -- JSON: filters, positions, selected, zoom, pan
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        saved_by TEXT NOT NULL,
        saved_at TEXT NOT NULL
    );
    """,
    # 21: translations, continued (issue 15): each version records the source text it
    # translates, so a page cut again after its text changed keeps the versions of a changed
    # sentence as versions of its older text (kavosh.store.translations).
    """
    ALTER TABLE translation_versions ADD COLUMN source TEXT NOT NULL DEFAULT '';
    UPDATE translation_versions SET source = (SELECT s.source FROM translation_sentences s
        WHERE s.id = translation_versions.sentence_id);
    """,
    # 22: the sounds of the vocabulary's tokens as the name prefilter reads them
    # (kavosh.store.name_sounds, issue 12), stored as tokens enter the vocabulary.
    """
    CREATE TABLE name_sounds (
        token TEXT PRIMARY KEY,            -- a vocabulary token
        cells TEXT NOT NULL                -- kavosh.text.names.prefilter.name_cells(token)
    );
    """,
    # 23: what each document's mentions were found in (kavosh.pipeline.mentions): a digest
    # of the finders' version and the pages, language and day they read, so a document
    # derived again with the same text keeps its mentions instead of finding them again.
    """
    CREATE TABLE mention_inputs (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id),
        digest TEXT NOT NULL               -- sha256 hex (kavosh.pipeline.mentions.job_digest)
    );
    """,
]
