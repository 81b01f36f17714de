"""Names vulture (in .ci/run) takes for unused that something outside poboard's own code
uses; each says what. Textual's, click's and pydantic's ways of calling code by its name
or decorator are in pyproject.toml's [tool.vulture]; this is the rest. Code only tests
use is listed here too, so each such case is a decision, not an oversight."""

# ruff: noqa
_ = object()

# click: a group lists and finds its commands by these; a ParamType converts with this
_.list_commands
_.get_command
_.convert

# Python: a module's __getattr__ loads the importers lazily
__getattr__

# asyncssh calls these on the connection and session objects it is handed
_.connection_made
_.connection_lost
_.begin_auth
_.password_auth_supported
_.kbdint_auth_supported
_.host_based_auth_supported
_.public_key_auth_supported
_.auth_completed
_.session_requested
_.pty_requested
_.shell_requested
_.exec_requested
_.subsystem_requested
_.session_started
_.data_received
_.eof_received
_.terminal_size_changed
_.pause_writing
_.resume_writing
# arguments their signatures must take
exc
delay
username
term_modes
subsystem
datatype

# Textual calls these by name, or reads the attributes set
_.delay_update
_.check_action
_.get_content_height
parameters
container
viewport
markup
_.selection  # an Input's selection: setting it moves the cursor
_.isolation_level  # sqlite3: None is autocommit, read by the connection
# the screens the app makes by name, from LATER_SCREENS
RoadmapScreen
SprintScreen
RetroScreen
InsightsScreen

# a Protocol's method says the signature it asks for (tui/widgets/item_live.py)
selector

# kept alive: a task held so that it is not collected while it runs (serve/child.py)
_.finishing
# a dataclass field that orders the demo's steps (demo/fill.py)
_.seq

# only tests use these: the log replayed against the board (domain/changes.py), the
# readiness gate as a yes/no (domain/rules.py), a retro found by sprint name
# (services/retros.py), a table's row count (tui/widgets/item_table.py)
replay
is_ready
_.retro_for
_.row_count

# the MCP SDK calls the request tools by the names they are declared with
submit_request
list_requests
triage_request
# triage_request(decision="merge") reaches this member by its value
_.MERGE
# Textual builds the Requests screen from its name in screens.LATER_SCREENS
RequestsScreen
# markdown-it calls its link check by this name; poboard's replaces it
_.validateLink

# JSON fields: keys of the contracts' TypedDicts (contracts/), read by whoever reads the JSON
acceptance_time_days
accepted_share
cycle_time_days
declined_share
goal_title
key_result_metric
merged_share
new_comments
not_done
open_actions_from_earlier_retros
requests_delivered
unchanged
would_import
# pydantic reads a closed shape's config from this attribute
_.__pydantic_config__
overdue_since
# Textual's LineFilter.apply takes the background it does not need here
background
# web/: what the templates read of the pages' data (Jinja2, not Python, reads them)
spark
timing
sprint_markdown
# uvicorn calls an embedded server's capture_signals, and stops when should_exit is set
capture_signals
should_exit
