"""User-facing messages of the engine in Spanish and English.

Errors carry a code and parameters, not a sentence, so every surface (command
line, app, notebook) can show them in its user's language.
"""
from __future__ import annotations

import os

LANGUAGES = ("es", "en")
DEFAULT_UI = "es"

MESSAGES: dict[str, dict[str, str]] = {
    # Loading transcripts
    "too_many_words": {
        "es": "El texto tiene {words} palabras y el límite del ejercicio es {limit}. "
        "Acórtelo (por ejemplo, quite el saludo y la despedida) o elija otro fragmento.",
        "en": "The transcript has {words} words and the exercise's limit is {limit}. "
        "Shorten it (for example, drop the greeting and the closing) or pick another excerpt.",
    },
    "too_many_chars": {
        "es": "El texto tiene {chars} caracteres, demasiados para un ejercicio de {words} palabras (máximo {limit}). "
        "¿Se ha pegado un registro o una línea sin espacios? Elija solo la conversación.",
        "en": "The text has {chars} characters, too many for a {words}-word exercise (at most {limit}). "
        "Was a log or a line without spaces pasted? Choose just the conversation.",
    },
    "empty": {
        "es": "{name} está vacío. Pegue una conversación o elija un archivo con turnos como «Agente: Hola…».",
        "en": "{name} is empty. Paste a conversation or choose a file with turns such as “Agent: Hello…”.",
    },
    "binary": {
        "es": "{name} no parece texto (contiene datos binarios). Use un archivo .txt, .json, .csv o .vtt.",
        "en": "{name} does not look like text (it contains binary data). Use a .txt, .json, .csv or .vtt file.",
    },
    "undecodable": {
        "es": "No se pudo leer {name} como texto (ni UTF-8 ni Windows-1252). Guárdelo como UTF-8 y vuelva a cargarlo.",
        "en": "{name} could not be read as text (neither UTF-8 nor Windows-1252). Save it as UTF-8 and load it again.",
    },
    "too_large": {
        "es": "{name} ocupa {size} y el máximo es {limit}. Un ejercicio de 500 palabras cabe en pocos KB: elija un fragmento.",
        "en": "{name} is {size} and the maximum is {limit}. A 500-word exercise fits in a few KB: pick an excerpt.",
    },
    "not_found": {
        "es": "No se encontró el archivo {name}. Compruebe la ruta.",
        "en": "File {name} was not found. Check the path.",
    },
    "unreadable": {
        "es": "No se pudo abrir {name}: {detail}.",
        "en": "{name} could not be opened: {detail}.",
    },
    "unknown_format": {
        "es": "{name} tiene la extensión «{ext}», que no se puede leer. Use .txt, .json, .csv o .vtt.",
        "en": "{name} has the extension “{ext}”, which cannot be read. Use .txt, .json, .csv or .vtt.",
    },
    "bad_json": {
        "es": "{name} no es JSON válido (línea {line}, columna {col}): revise comas y comillas.",
        "en": "{name} is not valid JSON (line {line}, column {col}): check commas and quotes.",
    },
    "too_many_lines": {
        "es": "{name} tiene {lines} líneas, demasiadas para un ejercicio de {words} palabras (máximo {limit}). "
        "Elija solo la conversación.",
        "en": "{name} has {lines} lines, too many for a {words}-word exercise (at most {limit}). "
        "Choose just the conversation.",
    },
    "json_too_deep": {
        "es": "{name} no es un JSON que se pueda leer: tiene listas u objetos anidados a demasiada profundidad. "
        "Una transcripción es una lista de turnos {{\"speaker\", \"text\"}}.",
        "en": "{name} is not JSON that can be read: its lists or objects are nested too deeply. "
        "A transcript is a list of turns {{\"speaker\", \"text\"}}.",
    },
    "json_huge_number": {
        "es": "{name} no es un JSON que se pueda leer: contiene un número de más de {limit} dígitos. "
        "Quítelo o escríbalo entre comillas.",
        "en": "{name} is not JSON that can be read: it holds a number of more than {limit} digits. "
        "Remove it or put it in quotes.",
    },
    "bad_csv": {
        "es": "{name}, línea {line}: no es un CSV que se pueda leer (un campo de más de {limit} caracteres o comillas "
        "sin cerrar). Revise las comillas; un ejercicio de 500 palabras cabe en pocos KB.",
        "en": "{name}, line {line}: not a CSV that can be read (a field over {limit} characters, or a quote left "
        "open). Check the quotes; a 500-word exercise fits in a few KB.",
    },
    "speaker_too_long": {
        "es": "{name}: el nombre de hablante «{speaker}…» tiene {length} caracteres y el máximo es {limit}. "
        "¿Está el texto en la columna o el campo del hablante?",
        "en": "{name}: the speaker name “{speaker}…” has {length} characters and the maximum is {limit}. "
        "Is the text in the speaker column or field?",
    },
    "not_regular_file": {
        "es": "{name} no es un archivo normal (es una tubería, un dispositivo o un socket): indique un archivo "
        "guardado en disco.",
        "en": "{name} is not a regular file (it is a pipe, a device or a socket): give a file saved on disk.",
    },
    "is_folder": {
        "es": "{name} es una carpeta, no un archivo: indique un archivo.",
        "en": "{name} is a folder, not a file: give a file.",
    },
    "not_a_folder": {
        "es": "{name} no es una carpeta (es un archivo): indique una carpeta.",
        "en": "{name} is not a folder (it is a file): give a folder.",
    },
    "folder_missing": {
        "es": "La carpeta {name} no existe. Compruebe la ruta.",
        "en": "The folder {name} does not exist. Check the path.",
    },
    "empty_path": {
        "es": "Se indicó una ruta vacía («»): escriba la ruta de un archivo o de una carpeta.",
        "en": "An empty path (“”) was given: write the path of a file or a folder.",
    },
    "file_too_large": {
        "es": "{name} ocupa {size} y el máximo para este tipo de archivo es {limit}. Compruebe que es el archivo "
        "correcto.",
        "en": "{name} is {size} and the maximum for this kind of file is {limit}. Check that it is the right file.",
    },
    "not_utf8": {
        "es": "{name} no es texto UTF-8. Guárdelo como UTF-8 y vuelva a intentarlo.",
        "en": "{name} is not UTF-8 text. Save it as UTF-8 and try again.",
    },
    "output_no_folder": {
        "es": "No se puede escribir {name}: la carpeta {folder} no existe. Créela o elija otra ruta.",
        "en": "{name} cannot be written: the folder {folder} does not exist. Create it or choose another path.",
    },
    "output_full": {
        "es": "No se pudo escribir {name}: el disco está lleno. Libere espacio o elija otra carpeta.",
        "en": "{name} could not be written: the disk is full. Free some space or choose another folder.",
    },
    "output_failed": {
        "es": "No se pudo escribir {name}: {detail}. Elija otra ruta.",
        "en": "{name} could not be written: {detail}. Choose another path.",
    },
    "stale_fix": {
        "es": "El texto cambió después del análisis y «{text}» ya no está en el mismo sitio. Revise la frase y vuelva a intentarlo.",
        "en": "The text changed after it was analysed and “{text}” is no longer in the same place. Check the sentence and try again.",
    },
    "sample_invalid": {
        "es": "{name}, {where}: {problem_es}. Compare el archivo con data/schema/transcript.schema.json.",
        "en": "{name}, {where}: {problem_en}. Check the file against data/schema/transcript.schema.json.",
    },
    "sessions_recovered": {
        "es": "No se pudo leer la base de sesiones {name}: se ha apartado como {aside} (no se ha borrado) y se ha "
        "empezado una nueva.",
        "en": "The sessions database {name} could not be read: it was set aside as {aside} (not deleted) and a new "
        "one was started.",
    },
    "sessions_newer": {
        "es": "La base de sesiones es de una versión más nueva del taller (esquema {version}; esta admite hasta "
        "{supported}). Actualice el taller.",
        "en": "The sessions database comes from a newer workshop (schema {version}; this one supports up to "
        "{supported}). Update the workshop.",
    },
    "sessions_names": {
        "es": "Escriba el nombre de quien dirige la sesión y el del agente.",
        "en": "Type the names of the lead and of the agent.",
    },
    "session_missing": {"es": "No existe la sesión {id}.", "en": "Session {id} does not exist."},
    "session_conflict": {
        "es": "Esta sesión se guardó en otra pestaña o equipo (revisión {theirs}; usted partía de la {yours}). "
        "No se ha sobrescrito nada: vuelva a abrirla para seguir con la versión más reciente.",
        "en": "This session was saved from another tab or computer (revision {theirs}; you started from {yours}). "
        "Nothing was overwritten: reopen it to continue from the latest version.",
    },
    "session_import": {
        "es": "{name} no es una sesión exportada por el taller (revise «{field}»). Exporte de nuevo con "
        "«workshop sessions export ID --format json».",
        "en": "{name} is not a session exported by the workshop (check “{field}”). Export it again with "
        "“workshop sessions export ID --format json”.",
    },
    # Sessions: import limits, note keys, damaged rows, full disks and read-only folders
    "session_import_limit": {
        "es": "No se puede importar {name} ({field}): {detail}",
        "en": "{name} cannot be imported ({field}): {detail}",
    },
    "session_note_key": {
        "es": "La nota «{key}» no corresponde a ningún turno (la transcripción tiene {turns}). Las notas van en "
        "la nota general o en un turno existente.",
        "en": "Note “{key}” belongs to no turn (the transcript has {turns}). Notes go in the general note or on an "
        "existing turn.",
    },
    "session_damaged": {
        "es": "La sesión {id} tiene datos dañados en la base: los caracteres ilegibles se muestran como «\ufffd». "
        "Las demás sesiones no se han tocado; revise los nombres y el texto de esta.",
        "en": "Session {id} has damaged data in the database: unreadable characters are shown as “\ufffd”. "
        "The other sessions are untouched; check this one's names and text.",
    },
    "session_revision_damaged": {
        "es": "La revisión {number} de la sesión {id} está dañada y no se puede leer; se usa la última revisión "
        "legible. Al guardar de nuevo, esa versión pasa a ser la más reciente.",
        "en": "Revision {number} of session {id} is damaged and cannot be read; the latest readable revision is "
        "used. Saving again makes that version the newest.",
    },
    "session_unreadable": {
        "es": "La transcripción de la sesión {id} está dañada en la base y no se puede abrir ni exportar. Las "
        "demás sesiones siguen disponibles; si tiene una exportación JSON de esta, impórtela.",
        "en": "The transcript of session {id} is damaged in the database and cannot be opened or exported. The "
        "other sessions are still available; if you have a JSON export of it, import that.",
    },
    "sessions_disk_full": {
        "es": "El disco está lleno: no se pudo guardar en {folder}. No se ha perdido nada de lo ya guardado y su "
        "trabajo sigue en pantalla; libere espacio y vuelva a intentarlo.",
        "en": "The disk is full: nothing could be saved in {folder}. Nothing already saved was lost and your "
        "work is still on screen; free some space and try again.",
    },
    "sessions_read_only": {
        "es": "La carpeta {folder} es de solo lectura: las sesiones se pueden ver y exportar, pero no guardar. "
        "Pida permiso de escritura o elija otra carpeta (--data o WORKSHOP_DATA).",
        "en": "The folder {folder} is read-only: sessions can be viewed and exported, but not saved. Ask for "
        "write access or choose another folder (--data or WORKSHOP_DATA).",
    },
    "sessions_broken_read_only": {
        "es": "No se pudo leer la base de sesiones {name}, y la carpeta {folder} es de solo lectura, así que no se "
        "puede apartar ni empezar una nueva. Pida permiso de escritura o elija otra carpeta (--data o WORKSHOP_DATA).",
        "en": "The sessions database {name} could not be read, and the folder {folder} is read-only, so it cannot "
        "be set aside nor a new one started. Ask for write access or choose another folder (--data or "
        "WORKSHOP_DATA).",
    },
    "json_shape": {
        "es": "{name}: se esperaba una lista de turnos {{\"speaker\", \"text\"}} o un objeto con \"turns\".",
        "en": "{name}: expected a list of turns {{\"speaker\", \"text\"}} or an object with \"turns\".",
    },
    "json_turn": {
        "es": "{name}: el turno {index} necesita \"speaker\" y \"text\" con texto.",
        "en": "{name}: turn {index} needs \"speaker\" and \"text\" holding text.",
    },
    "csv_columns": {
        "es": "{name}: faltan las columnas de hablante y de texto (speaker/hablante y text/texto). Columnas encontradas: {columns}.",
        "en": "{name}: the speaker and text columns are missing (speaker and text). Columns found: {columns}.",
    },
    "vtt_header": {
        "es": "{name} no es WebVTT: la primera línea debe ser «WEBVTT».",
        "en": "{name} is not WebVTT: the first line must be “WEBVTT”.",
    },
    "bad_language": {
        "es": "Idioma «{lang}» no disponible: use «es» (español) o «en» (inglés).",
        "en": "Language “{lang}” is not available: use “es” (Spanish) or “en” (English).",
    },
    "bad_role": {
        "es": "Rol «{role}» desconocido para «{speaker}»: use agent, customer u other.",
        "en": "Unknown role “{role}” for “{speaker}”: use agent, customer or other.",
    },
    "no_speech": {
        "es": "{name} no tiene ningún turno con texto. Compruebe que cada línea empiece por «Hablante: texto».",
        "en": "{name} has no turn with text. Check that each line starts with “Speaker: text”.",
    },
    # Notices: the transcript loaded, but the user should know something.
    "notice_cp1252": {
        "es": "{name} no estaba en UTF-8; se leyó como Windows-1252. Revise tildes y eñes.",
        "en": "{name} was not UTF-8; it was read as Windows-1252. Check accented letters.",
    },
    "notice_utf16": {
        "es": "{name} estaba en UTF-16; se convirtió sin problemas.",
        "en": "{name} was UTF-16; it was converted.",
    },
    "notice_one_speaker": {
        "es": "No se reconocieron hablantes (líneas como «Agente: …»): todo el texto se trata como un solo hablante, el agente.",
        "en": "No speakers were recognised (lines such as “Agent: …”): the whole text is treated as one speaker, the agent.",
    },
    "notice_guessed_roles": {
        "es": "No se reconocieron los roles de {speakers}: se asume que {agent} es el agente. Indique los roles si no es así.",
        "en": "The roles of {speakers} were not recognised: {agent} is assumed to be the agent. Set the roles if not.",
    },
    "notice_control_chars": {
        "es": "Se quitaron {count} caracteres invisibles o de control del texto.",
        "en": "{count} invisible or control characters were removed from the text.",
    },
    "pasted_text": {"es": "El texto pegado", "en": "The pasted text"},
    # Rule packs
    "rules_error": {
        "es": "{file}, línea {line}{where}: {problem}",
        "en": "{file}, line {line}{where}: {problem}",
    },
    "rules_where": {"es": " ({section}, entrada {index})", "en": " ({section} entry {index})"},
    "rules_yaml": {
        "es": "el YAML no es válido ({detail}). Revise la sangría y las comillas.",
        "en": "the YAML is not valid ({detail}). Check indentation and quotes.",
    },
    "rules_top": {"es": "el archivo debe ser un mapa de claves (pack, language, …).", "en": "the file must be a mapping of keys (pack, language, …)."},
    "rules_language": {"es": "«language» debe ser es o en.", "en": "“language” must be es or en."},
    "rules_unknown_key": {
        "es": "clave «{key}» desconocida; las válidas son: {valid}.",
        "en": "unknown key “{key}”; valid keys are: {valid}.",
    },
    "rules_not_list": {"es": "«{key}» debe ser una lista.", "en": "“{key}” must be a list."},
    "rules_not_mapping": {"es": "«{key}» debe ser un mapa de claves.", "en": "“{key}” must be a mapping."},
    "rules_entry_type": {
        "es": "cada entrada debe ser un mapa con «phrase».",
        "en": "each entry must be a mapping with “phrase”.",
    },
    "rules_phrase": {"es": "«phrase» es obligatorio y debe contener palabras.", "en": "“phrase” is required and must contain words."},
    "rules_suggest_required": {
        "es": "«suggest» es obligatorio en {section}: indique una alternativa.",
        "en": "“suggest” is required for {section}: give an alternative.",
    },
    "rules_suggest_type": {"es": "«suggest» debe ser un texto o una lista de textos.", "en": "“suggest” must be a text or a list of texts."},
    "rules_bool": {"es": "«{key}» debe ser true o false.", "en": "“{key}” must be true or false."},
    "rules_severity": {"es": "«severity» debe ser low, medium o high.", "en": "“severity” must be low, medium or high."},
    "rules_emotion": {
        "es": "«emotion» debe ser una de: {valid}.",
        "en": "“emotion” must be one of: {valid}.",
    },
    "rules_why": {"es": "«why» debe ser un texto o {{es: …, en: …}}.", "en": "“why” must be a text or {{es: …, en: …}}."},
    "rules_setting": {
        "es": "el ajuste «{key}» debe ser un número entero positivo.",
        "en": "setting “{key}” must be a positive whole number.",
    },
    "rules_duplicate": {
        "es": "«{phrase}» ya aparece en la línea {other}.",
        "en": "“{phrase}” already appears at line {other}.",
    },
    "rules_duplicate_key": {"es": "la clave «{key}» aparece dos veces.", "en": "key “{key}” appears twice."},
    "rules_words": {"es": "«{key}» debe ser una lista de palabras.", "en": "“{key}” must be a list of words."},
    "rules_extends": {"es": "«extends» solo admite «default».", "en": "“extends” only accepts “default”."},
    "rules_remove": {
        "es": "«remove» debe ser un mapa de categoría a lista de frases.",
        "en": "“remove” must map a category to a list of phrases.",
    },
    # Patterns and examples in rule entries (workshop.rules.compile_pattern, check_examples).
    "rules_pattern_unclosed": {
        "es": "en «{phrase}» falta cerrar «{mark}».",
        "en": "in “{phrase}” the “{mark}” is never closed.",
    },
    "rules_pattern_unopened": {
        "es": "en «{phrase}» sobra «{mark}»: no se abrió antes.",
        "en": "in “{phrase}” the “{mark}” closes nothing that was opened.",
    },
    "rules_pattern_mismatch": {
        "es": "en «{phrase}» se cierra con «{mark}» lo que se abrió con otro signo: [ ] para lo opcional, ( | ) para alternativas.",
        "en": "in “{phrase}” “{mark}” closes a different bracket: [ ] for optional words, ( | ) for alternatives.",
    },
    "rules_pattern_empty": {
        "es": "en «{phrase}» hay un grupo o una alternativa vacíos: cada [ ], ( ) y cada opción entre | necesita palabras.",
        "en": "in “{phrase}” a group or an alternative is empty: every [ ], ( ) and every option between | needs words.",
    },
    "rules_pattern_bar": {
        "es": "en «{phrase}» la barra | solo separa alternativas dentro de ( ) o [ ].",
        "en": "in “{phrase}” the bar | only separates alternatives inside ( ) or [ ].",
    },
    "rules_pattern_slot": {
        "es": "en «{phrase}» no se entiende {slot}: use {{num}} para un número o {{0-3}} para un hueco de hasta 3 palabras.",
        "en": "in “{phrase}” {slot} is not understood: use {{num}} for a number or {{0-3}} for a gap of up to 3 words.",
    },
    "rules_pattern_gap": {
        "es": "en «{phrase}» el hueco {slot} debe ir de menor a mayor y abarcar como mucho {max} palabras.",
        "en": "in “{phrase}” the gap {slot} must go from low to high and span at most {max} words.",
    },
    "rules_pattern_nothing": {
        "es": "«{phrase}» puede quedarse sin ninguna palabra: al menos una palabra no debe ser opcional.",
        "en": "“{phrase}” can match no words at all: at least one word must not be optional.",
    },
    "rules_pattern_edge": {
        "es": "«{phrase}» no puede empezar ni terminar con un hueco: debe empezar y terminar con una palabra.",
        "en": "“{phrase}” cannot start or end with a gap: it must start and end with a word.",
    },
    "rules_pattern_size": {
        "es": "«{phrase}» da más de {max} combinaciones: divídalo en varias entradas.",
        "en": "“{phrase}” expands to more than {max} combinations: split it into several entries.",
    },
    "rules_examples": {
        "es": "«examples» debe ser {{flag: [...], keep: [...]}} con listas de frases.",
        "en": "“examples” must be {{flag: [...], keep: [...]}} with lists of sentences.",
    },
    "rules_example_flag": {
        "es": "{file}, línea {line} ({section}: {phrase}): el ejemplo «{text}» debería marcarse y no se marca.",
        "en": "{file}, line {line} ({section}: {phrase}): the example “{text}” should be flagged and is not.",
    },
    "rules_example_keep": {
        "es": "{file}, línea {line} ({section}: {phrase}): el ejemplo «{text}» no debería marcarse y se marca.",
        "en": "{file}, line {line} ({section}: {phrase}): the example “{text}” should not be flagged and is.",
    },
    "rules_examples_failed": {
        "es": "{file}: ejemplos que no se comportan como dicen: {n}.",
        "en": "{file}: examples that do not behave as they say: {n}.",
    },
    "rules_messages": {
        "es": "falta el mensaje «{key}» en {lang}.",
        "en": "message “{key}” is missing in {lang}.",
    },
    "config_mapping": {"es": "el archivo debe ser un mapa de claves (title:, languages:, …).",
                       "en": "the file must be a mapping of keys (title:, languages:, …)."},
    "config_text": {"es": "«{key}» debe ser un texto o {{es: …, en: …}}.", "en": "“{key}” must be a text or {{es: …, en: …}}."},
    "config_colour": {"es": "«{key}» debe ser un color como \"#2f6fd0\".", "en": "“{key}” must be a colour such as \"#2f6fd0\"."},
    "config_choice": {"es": "«{key}» debe ser uno de: {valid}.", "en": "“{key}” must be one of: {valid}."},
    "config_list": {"es": "«{key}» debe ser una lista de rutas, p. ej. [carpeta-equipo].",
                    "en": "“{key}” must be a list of paths, e.g. [team-folder]."},
    "config_bool": {"es": "«{key}» debe ser true o false.", "en": "“{key}” must be true or false."},
    "config_missing": {"es": "«{key}»: no existe {path} (las rutas son relativas al archivo de configuración).",
                       "en": "“{key}”: {path} does not exist (paths are relative to the configuration file)."},
    "serve_running": {
        "es": "Taller de reescritura en {url}\n"
        "- Para su equipo en la misma red: workshop serve --ip 0.0.0.0 y compartan http://ESTE-EQUIPO:{port}/ "
        "(mejor con un token o detrás de un proxy con contraseña).\n"
        "- Detrás de un proxy inverso (nginx): workshop serve --base-url /taller/ y reenvíe también los websockets "
        "(cabeceras Upgrade y Connection); vea «Publishing the app» en el README.\n"
        "Ctrl+C lo detiene.",
        "en": "Rewrite workshop at {url}\n"
        "- For your team on the same network: workshop serve --ip 0.0.0.0 and share http://THIS-MACHINE:{port}/ "
        "(better with a token or behind a proxy with a password).\n"
        "- Behind a reverse proxy (nginx): workshop serve --base-url /workshop/ and forward websockets too "
        "(Upgrade and Connection headers); see “Publishing the app” in the README.\n"
        "Ctrl+C stops it.",
    },
    "serve_host_refused": {
        "es": "Este servidor no atiende a ese nombre. Abra el taller con la dirección que le dio quien lo publica "
        "(quien lo publica puede añadir el nombre con workshop serve --public-name NOMBRE).",
        "en": "This server does not answer to that name. Open the workshop at the address its publisher gave you "
        "(the publisher can add the name with workshop serve --public-name NAME).",
    },
    "serve_public_name": {
        "es": "--public-name {name}: no es un nombre de servidor. Dé solo el nombre que escriben los visitantes, "
        "p. ej. taller.ejemplo.org (sin http:// ni ruta).",
        "en": "--public-name {name}: not a host name. Give just the name visitors type, "
        "e.g. taller.example.org (no http://, no path).",
    },
    "config_host_names": {
        "es": "«{key}» debe ser una lista de nombres de servidor, p. ej. [taller.ejemplo.org] (sin http:// ni ruta).",
        "en": "“{key}” must be a list of host names, e.g. [taller.example.org] (no http://, no path).",
    },
    "serve_room_full_title": {"es": "El taller está lleno", "en": "The workshop is full"},
    "serve_room_full": {
        "es": "Ya hay {limit} pestañas con el taller abierto, el máximo de este servidor. Inténtelo de nuevo "
        "en unos minutos, o cierre otra pestaña del taller que tenga abierta y recargue esta página.",
        "en": "The workshop is already open in {limit} tabs, this server's maximum. Try again in a few minutes, "
        "or close another workshop tab you have open and reload this page.",
    },
    "serve_max_kernels": {
        "es": "--max-kernels {value}: debe ser un número entero de 1 o más (cada pestaña abierta usa un kernel, "
        "unos 95 MB de memoria).",
        "en": "--max-kernels {value}: must be a whole number, 1 or more (each open tab uses one kernel, "
        "about 95 MB of memory).",
    },
    "rules_ok": {
        "es": "{file}: paquete válido ({language}), {entries} entradas.",
        "en": "{file}: valid pack ({language}), {entries} entries.",
    },
}


# Labels of the app, as (Spanish, English). Kept beside the engine's messages
# so one test checks that every key exists in both languages.
UI_LABELS: dict[str, tuple[str, str]] = {
    "app_title": ("Taller de reescritura", "Rewrite workshop"),
    "app_subtitle": ("Lean la conversación en voz alta, encuentren lo que sobra y reescríbanlo juntos.",
                     "Read the conversation aloud, find what adds nothing and rewrite it together."),
    "language": ("Idioma", "Language"),
    "pick_title": ("Elegir una transcripción", "Choose a transcript"),
    "tab_library": ("Biblioteca", "Library"),
    "tab_upload": ("Subir archivo", "Upload"),
    "tab_paste": ("Pegar texto", "Paste"),
    "filter_language": ("Idioma", "Language"),
    "filter_channel": ("Canal", "Channel"),
    "filter_scenario": ("Situación", "Scenario"),
    "filter_difficulty": ("Dificultad", "Difficulty"),
    "any": ("Todos", "All"),
    "no_match": ("Ninguna transcripción cumple los filtros.", "No transcript matches the filters."),
    "words_count": ("{words} palabras", "{words} words"),
    "load": ("Abrir", "Open"),
    "analyse_paste": ("Analizar texto pegado", "Analyse pasted text"),
    "paste_placeholder": ("Agente: Buenos días, le atiende Ana…\nCliente: Hola, llamo porque…",
                          "Agent: Good morning, this is Ana…\nCustomer: Hi, I'm calling because…"),
    "upload_button": ("Elegir archivo", "Choose file"),
    "upload_help": ("Archivos .txt, .json, .csv o .vtt de hasta {limit} palabras.",
                    "Files in .txt, .json, .csv or .vtt, up to {limit} words."),
    "paste_help": ("Un turno por línea, con quién habla delante: «Agente: …», «Cliente: …».",
                   "One turn per line, speaker first: “Agent: …”, “Customer: …”."),
    "pasted_text": ("el texto pegado", "the pasted text"),
    "loaded": ("Abierta: {title} ({words} palabras).", "Opened: {title} ({words} words)."),
    "findings_more": ("… y {n} más en este turno: todas están resaltadas en el original, a la izquierda.",
                      "… and {n} more in this turn: all of them are highlighted in the original, on the left."),
    "tab_work": ("Original y reescritura", "Original and rewrite"),
    "tab_compare": ("Comparar", "Compare"),
    "tab_notes": ("Notas", "Notes"),
    "original": ("Original", "Original"),
    "rewrite": ("Reescritura", "Rewrite"),
    "legend_help": ("Pulse una categoría para ocultarla o mostrarla.", "Click a category to hide or show it."),
    "no_transcript": ("Elija una transcripción para empezar.", "Choose a transcript to start."),
    "customer_context": ("Cliente (solo lectura)", "Customer (read-only)"),
    "undo": ("Deshacer", "Undo"),
    "reset_turn": ("Restaurar turno", "Reset turn"),
    "apply": ("Aplicar: «{text}»", "Apply: “{text}”"),
    "remove": ("Quitar", "Remove"),
    "rewrite_clean": ("Sin hallazgos en este turno.", "No findings in this turn."),
    "rewrite_status": ("{findings} hallazgos en la reescritura (antes {before}).",
                       "{findings} findings in the rewrite (before: {before})."),
    "nothing_to_undo": ("No hay nada que deshacer.", "Nothing to undo."),
    "alternatives": ("Alternativas", "Try"),
    "compare_summary": ("Palabras: {before} → {after} ({saved_words} menos). Tiempo hablado: {tb} → {ta} "
                        "({saved} s ahorrados).",
                        "Words: {before} → {after} ({saved_words} fewer). Speaking time: {tb} → {ta} "
                        "({saved} s saved)."),
    "compare_table": ("Medidas antes y después", "Measures before and after"),
    "compare_chart": ("Hallazgos y legibilidad", "Findings and readability"),
    "diff_title": ("Cambios palabra a palabra", "Word-by-word changes"),
    "diff_none": ("Todavía no ha cambiado ningún turno.", "No turn has changed yet."),
    "chart_before": ("Antes", "Before"),
    "chart_after": ("Después", "After"),
    "chart_counts": ("Hallazgos por categoría", "Findings by category"),
    "chart_scores": ("Palabras, tiempo y legibilidad", "Words, time and readability"),
    "turn_label": ("Turno {n} · {speaker}", "Turn {n} · {speaker}"),
    "notes_general": ("Nota general de la sesión", "General note for the session"),
    "notes_turn": ("Notas por turno", "Notes per turn"),
    "notes_placeholder": ("Lo que acordaron, lo que practicar…", "What you agreed, what to practise…"),
    "close": ("Cerrar", "Close"),
    "internal_error": ("Algo ha fallado al hacer esto. Su trabajo sigue aquí; inténtelo de nuevo o elija otra "
                       "transcripción. (Detalle técnico: {detail})",
                       "Something went wrong doing that. Your work is still here; try again or choose another "
                       "transcript. (Technical detail: {detail})"),
    "upload_failed": ("No se pudo leer la subida: {detail}", "The upload could not be read: {detail}"),
    "channel_phone": ("Teléfono", "Phone"),
    "channel_chat": ("Chat", "Chat"),
    "channel_email": ("Correo", "Email"),
    "difficulty_easy": ("Fácil", "Easy"),
    "difficulty_medium": ("Media", "Medium"),
    "difficulty_hard": ("Difícil", "Hard"),
    "scenario_no-immediate-answer": ("Sin respuesta inmediata", "No immediate answer"),
    "scenario_beyond-offer": ("Fuera de lo que se ofrece", "Beyond what is offered"),
    "scenario_service-chain-failure": ("Fallo en la cadena de servicio", "Failure along the service chain"),
    "scenario_missing-information": ("Falta información", "Missing information"),
    "scenario_misunderstanding": ("Malentendido", "Misunderstanding"),
    "scenario_insists-on-solution": ("Insiste en su solución", "Insists on their own solution"),
    "scenario_angry-from-start": ("Enfadado desde el principio", "Angry from the start"),
    "scenario_good-practice": ("Buena práctica", "Good practice"),
    "practice_passed": ("¡Objetivos cumplidos! Compare ahora con la reescritura modelo.",
                        "Targets met! Now compare with the model rewrite."),
    "practice_not_yet": ("Todavía no: siga reescribiendo y vuelva a comprobar.", "Not yet: keep rewriting and check again."),
    "practice_words": ("Palabras del agente", "Agent words"),
    "practice_words_goal": ("al menos un {pct} % menos de palabras", "at least {pct}% fewer words"),
    "practice_words_result": ("{before} → {after} ({pct} % menos)", "{before} → {after} ({pct}% fewer)"),
    "practice_words_ok": ("Más corto y con lo necesario.", "Shorter, with what matters kept."),
    "practice_words_more": ("Sobran {n} palabras: busque rodeos, frases robóticas y repeticiones.",
                            "{n} words too many: look for wordy, robotic and repeated phrases."),
    "practice_fillers": ("Muletillas", "Fillers"),
    "practice_fillers_goal": ("como mucho {n} muletillas", "at most {n} fillers"),
    "practice_fillers_ok": ("Sin muletillas: suena seguro.", "No fillers: you sound sure."),
    "practice_fillers_more": ("Quedan {n}: pida una pista para encontrarlas.", "{n} left: ask for a hint to find them."),
    "practice_open": ("Preguntas abiertas", "Open questions"),
    "practice_open_goal": ("al menos {n} pregunta abierta", "at least {n} open question"),
    "practice_open_ok": ("Bien: una pregunta abierta ahorra varias cerradas.", "Good: one open question saves several closed ones."),
    "practice_open_more": ("Cambie una cadena de preguntas de sí/no por una pregunta abierta (¿qué…?, ¿cómo…?).",
                           "Turn a string of yes/no questions into one open question (what…?, how…?)."),
    "practice_empathy": ("Empatía", "Empathy"),
    "practice_empathy_goal": ("reconocer cada enfado o preocupación del cliente", "acknowledge every upset or worry"),
    "practice_empathy_ok": ("El cliente se siente escuchado.", "The customer feels heard."),
    "practice_empathy_more": ("{n} momento(s) sin reconocer lo que siente el cliente: empiece por ahí.",
                              "{n} moment(s) where the customer's feelings go unacknowledged: start there."),
    "practice_no_hints": ("No quedan pistas: su reescritura no tiene hallazgos.", "No hints left: your rewrite has no findings."),
    "practice_hints_left": ("Quedan {n} pistas.", "{n} hints left."),
    "practice_goals": ("Para practicar:", "Practise:"),
    "practice_targets": ("Objetivos:", "Targets:"),
    "practice_yours": ("Su reescritura", "Your rewrite"),
    "practice_model": ("Reescritura modelo", "Model rewrite"),
    "practice_diff": ("De su versión a la modelo, turno a turno", "From your version to the model, turn by turn"),
    "practice_words_saved": ("Palabras ahorradas", "Words saved"),
    "practice_findings_left": ("Hallazgos restantes", "Findings left"),
    "practice_attempt": ("Intento", "Attempt"),
    "practice_none": ("No hay ninguna transcripción con el objetivo «{goal}» y la dificultad «{difficulty}». "
                      "Pruebe sin uno de los dos.",
                      "No transcript has goal “{goal}” and difficulty “{difficulty}”. Try without one of them."),
    "practice_no_name": ("Escriba su nombre para guardar el progreso.", "Type your name to save your progress."),
    "session_title": ("Sesión: guardar y continuar", "Session: save and continue"),
    "session_lead": ("Responsable", "Lead"),
    "session_agent": ("Agente", "Agent"),
    "session_name": ("Nombre", "Name"),
    "session_start": ("Nueva sesión", "New session"),
    "session_continue": ("Continuar una sesión anterior", "Continue an earlier session"),
    "session_transcript": ("Transcripción", "Transcript"),
    "session_since": ("Desde", "Since"),
    "session_open": ("Abrir sesión", "Open session"),
    "session_history": ("Historial de esta sesión", "This session's history"),
    "session_view": ("Ver", "View"),
    "session_restore": ("Restaurar", "Restore"),
    "saved_none": ("Sin guardar: escriba los dos nombres y pulse «Nueva sesión».",
                   "Not saved: type both names and press “New session”."),
    "saved_pending": ("Guardando…", "Saving…"),
    "saved_ok": ("Guardado a las {time} (revisión {revision})", "Saved at {time} (revision {revision})"),
    "saved_conflict": ("No guardado: otra pestaña cambió esta sesión", "Not saved: another tab changed this session"),
    "saved_error": ("No se pudo guardar: vea el aviso", "Could not save: see the alert"),
    "report_who": ("Responsable: {lead} · Agente: {agent} · {date}", "Lead: {lead} · Agent: {agent} · {date}"),
    "report_session_n": ("Sesión", "Session"),
    "tab_roleplay": ("Ensayo", "Role-play"),
    "roleplay_help": ("Lean la conversación turno a turno: quien dirige lee al cliente y el agente responde con su "
                      "reescritura. Flechas ◀ ▶ o las teclas del cursor para avanzar.",
                      "Read the conversation turn by turn: the lead reads the customer, the agent answers with the "
                      "rewrite. Use ◀ ▶ or the arrow keys to move on."),
    "roleplay_prev": ("◀ Anterior", "◀ Previous"),
    "roleplay_next": ("Siguiente ▶", "Next ▶"),
    "roleplay_speak": ("🔊 Leer en voz alta", "🔊 Read aloud"),
    "roleplay_timer": ("Este turno:", "This turn:"),
    "roleplay_estimate": ("Tiempo estimado: {before} s el original, {after} s la reescritura",
                          "Estimated time: {before} s original, {after} s rewrite"),
    "roleplay_estimate_one": ("Tiempo estimado: {seconds} s", "Estimated time: {seconds} s"),
    "session_export_title": ("Informe, exportar e importar, progreso", "Report, export and import, progress"),
    "session_export_html": ("Informe HTML", "HTML report"),
    "session_export_md": ("Markdown", "Markdown"),
    "session_export_json": ("JSON (para importar)", "JSON (to import)"),
    "session_import_button": ("Importar JSON", "Import JSON"),
    "session_progress": ("Progreso del agente", "Agent's progress"),
    "session_download": ("Descargar {name}", "Download {name}"),
    "session_no_progress": ("Todavía no hay sesiones de este agente.", "No sessions of this agent yet."),
    "decision_keep": ("Mantener", "Keep"),
    "decision_dismiss": ("Descartar", "Dismiss"),
    "decision_keep_help": ("Lo dejamos así a propósito", "We leave it like this on purpose"),
    "decision_dismiss_help": ("No es un problema aquí: ocultarlo", "Not a problem here: hide it"),
    "decision_kept": ("mantenido", "kept"),
    "lang_es": ("Español", "Spanish"),
    "lang_en": ("Inglés", "English"),
}
MESSAGES.update({key: {"es": es, "en": en} for key, (es, en) in UI_LABELS.items()})


def label(key: str, lang: str | None = None, /, default: str | None = None, **params) -> str:
    """A UI label; `default` for open-ended values (a trainer's own scenario id) with no label."""
    if key not in MESSAGES and default is not None:
        return default
    return t(key, lang, **params)


def ui_language(value: str | None = None) -> str:
    """The language to talk to the user in: explicit, then $WORKSHOP_LANG, then Spanish."""
    for candidate in (value, os.environ.get("WORKSHOP_LANG")):
        if candidate and candidate[:2].lower() in LANGUAGES:
            return candidate[:2].lower()
    return DEFAULT_UI


def t(key: str, lang: str | None = None, /, **params) -> str:
    """The message `key` in `lang`, with its parameters filled in."""
    entry = MESSAGES[key]
    return entry[ui_language(lang)].format(**params)


class WorkshopError(Exception):
    """Bad input the user can fix; renders itself in either language."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str | None = None) -> str:
        params = {k: (v.message(lang) if isinstance(v, Text) else v) for k, v in self.params.items()}
        return t(self.code, lang, **params)


class Text:
    """A parameter that itself depends on the language (e.g. "the pasted text")."""

    def __init__(self, key: str, **params):
        self.key, self.params = key, params

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.message("en")


class Notice(WorkshopError):
    """Something the user should know about a transcript that did load."""
