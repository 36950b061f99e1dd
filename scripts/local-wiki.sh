#!/usr/bin/env bash
# Run a throwaway Arabic MediaWiki on 127.0.0.1 for the bot tests.
#
# Usage: scripts/local-wiki.sh deps|packages|config|start|stop|reset|status|env
#
#   deps    Install Debian's mediawiki and the PHP packages it needs, only if missing.
#   packages NAME...  Install other Debian packages, only if missing (make bench: valgrind).
#   config  Write the pywikibot config directory only (no packages, no wiki, no server)
#           and print the variables, as env does.
#   start   deps + config + install the wiki (once; again when this script, the fixtures
#           or the port change) + start `php -S` unless our wiki already answers.
#           Idempotent: a second start while running is a fast no-op.
#   stop    Stop the server this script started (the PID in its pidfile), nothing else.
#   reset   Restore the pristine pages, revisions and users; sessions survive.
#   status  Say whether the wiki is installed and answering; exit 0 only if it answers.
#   env     Print the machine-readable variables (never a password).
#
# Environment:
#   WIKIMAINT_WIKI_DIR   where everything lives (default: <repo>/.local-wiki)
#   WIKIMAINT_WIKI_PORT  the loopback port (default: 8765)
#
# start and env print KEY=VALUE lines on stdout (WIKI_API, PYWIKIBOT_DIR, ...); everything
# else goes to stderr. MW_CONFIG_FILE points MediaWiki at our own LocalSettings.php, so
# nothing is written to /etc/mediawiki or /var/lib/mediawiki. The bot password lives only
# in $WIKIMAINT_WIKI_DIR/pywikibot/user-password.py (mode 600) and is never printed.
set -euo pipefail

log() { printf 'local-wiki: %s\n' "$*" >&2; }
die() {
    log "error: $*"
    exit 1
}

SCRIPT=$(realpath -- "${BASH_SOURCE[0]}")
REPO=$(dirname -- "$(dirname -- "$SCRIPT")")
WIKI_DIR=$(realpath -m -- "${WIKIMAINT_WIKI_DIR:-$REPO/.local-wiki}")
PORT=${WIKIMAINT_WIKI_PORT:-8765}
if ! [[ $PORT =~ ^[0-9]{1,5}$ ]] || ((10#$PORT < 1 || 10#$PORT > 65535)); then
    die "WIKIMAINT_WIKI_PORT must be a port number, not '$PORT'"
fi
PORT=$((10#$PORT))
# The directory is written into PHP and Python string literals below.
if [[ $WIKI_DIR == *[\'\"\\\$]* ]]; then
    die "WIKIMAINT_WIKI_DIR must not contain quotes, backslashes or dollars: $WIKI_DIR"
fi

MW_DIR=/usr/share/mediawiki
PACKAGES=(mediawiki php-cli php-sqlite3 php-intl php-mbstring php-xml)
PHP_MODULES=(sqlite3 pdo_sqlite intl mbstring xml dom)

DB_NAME=wikimainttest # also the wikiid that siteinfo reports
SITENAME='ويكي تجريبي'
FAMILY=wikimaintlocal
CODE='ar'
ADMIN_USER=WikiAdmin
BOT_USER=WikimaintBot
BOT_APP=tests # the bot logs in as WikimaintBot@tests
BOT_GRANTS=basic,highvolume,editpage,editprotected,createeditmovepage,delete,protect
OTHER_USER=OtherEditor

SETTINGS=$WIKI_DIR/LocalSettings.php
DATA=$WIKI_DIR/data
PRISTINE=$WIKI_DIR/data.pristine
STAMP=$WIKI_DIR/installed.stamp
PIDFILE=$WIKI_DIR/server.pid
LOG=$WIKI_DIR/server.log
INSTALL_LOG=$WIKI_DIR/install.log
ACCOUNTS=$WIKI_DIR/accounts.json
PWB_DIR=$WIKI_DIR/pywikibot
PASSWORD_FILE=$PWB_DIR/user-password.py
API=http://127.0.0.1:$PORT/api.php
# Only these two are restored by reset: sessions live in wikicache.sqlite, and a
# restored session table makes a logged-in pywikibot fail with "session timed out".
RESET_FILES=("$DB_NAME.sqlite" "${DB_NAME}_jobqueue.sqlite")

random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

# --- deps -----------------------------------------------------------------------------

missing_packages() {
    local package status
    for package in "$@"; do
        status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
        [[ $status == installed ]] || printf '%s\n' "$package"
    done
}

as_root() {
    if ((EUID == 0)); then
        "$@"
    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
        sudo -n "$@"
    else
        die "installing packages needs root (or password-less sudo): $*"
    fi
}

apt_install() {
    # stdout to stderr: our stdout carries only KEY=VALUE lines.
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
        --no-install-recommends -o DPkg::Lock::Timeout=300 \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        "$@" </dev/null >&2
}

# Install the Debian packages named, those missing only.
cmd_packages() {
    local missing
    mapfile -t missing < <(missing_packages "$@")
    ((${#missing[@]} == 0)) && return 0
    log "installing ${missing[*]} (Debian packages)"
    if ! apt_install "${missing[@]}"; then
        log "apt-get install failed; running apt-get update and trying again"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q \
            -o DPkg::Lock::Timeout=300 </dev/null >&2
        apt_install "${missing[@]}"
    fi
    mapfile -t missing < <(missing_packages "$@")
    ((${#missing[@]} == 0)) || die "still missing after apt-get: ${missing[*]}"
}

cmd_deps() {
    cmd_packages "${PACKAGES[@]}"
    check_php_modules
}

check_php_modules() {
    local modules module absent=()
    modules=$(php -m | tr '[:upper:]' '[:lower:]')
    for module in "${PHP_MODULES[@]}"; do
        grep -qx "$module" <<<"$modules" || absent+=("$module")
    done
    ((${#absent[@]} == 0)) || die "PHP lacks the extensions: ${absent[*]}"
}

# --- config: the pywikibot directory ---------------------------------------------------

write_if_changed() { # path mode content
    local path=$1 mode=$2 content=$3
    if [[ -f $path ]] && [[ "$(<"$path")" == "$content" ]]; then
        chmod "$mode" "$path"
        return 0
    fi
    (
        umask 077
        printf '%s\n' "$content" >"$path.tmp"
    )
    chmod "$mode" "$path.tmp"
    mv -f "$path.tmp" "$path"
}

bot_password() {
    [[ -f $PASSWORD_FILE ]] || return 1
    sed -n "s/.*BotPassword('$BOT_APP', '\([0-9a-w]\{32,\}\)').*/\1/p" "$PASSWORD_FILE"
}

cmd_config() {
    mkdir -p "$PWB_DIR/families"
    chmod 700 "$WIKI_DIR" "$PWB_DIR"
    if [[ -z "$(bot_password || true)" ]]; then
        # BotPassword::canonicalizeLoginData only treats ^[0-9a-w]{32,}$ as a bot
        # password; anything else is tried as the main password and fails. Hex fits.
        write_if_changed "$PASSWORD_FILE" 600 "# Written by scripts/local-wiki.sh: the local test wiki's bot password.
('$BOT_USER', BotPassword('$BOT_APP', '$(random_hex 16)'))"
    fi
    chmod 600 "$PASSWORD_FILE"
    write_if_changed "$PWB_DIR/families/${FAMILY}_family.py" 600 "\"\"\"The local test wiki on 127.0.0.1:$PORT (written by scripts/local-wiki.sh).\"\"\"
from pywikibot import family


class Family(family.SingleSiteFamily):
    name = '$FAMILY'
    code = '$CODE'
    domain = '127.0.0.1:$PORT'

    def protocol(self, code):
        return 'http'

    def scriptpath(self, code):
        return ''"
    write_if_changed "$PWB_DIR/user-config.py" 600 "# Written by scripts/local-wiki.sh for the local test wiki; rewritten on every start.
family = '$FAMILY'
mylang = '$CODE'
usernames['$FAMILY']['$CODE'] = '$BOT_USER'
password_file = '$PASSWORD_FILE'
put_throttle = 0
minthrottle = 0
maxthrottle = 1
max_retries = 2
retry_wait = 1
retry_max = 2
socket_timeout = (3, 30)"
}

# --- the wiki ---------------------------------------------------------------------------

fixture_files() {
    local file
    shopt -s nullglob
    for file in "$REPO"/fixtures/wiki/*.wiki "$REPO"/fixtures/articles/*.wiki; do
        printf '%s\n' "$file"
    done
}

# What the installed wiki was built from; any change means a fresh install.
install_stamp() {
    local file
    {
        printf '%s\n' "$PORT" "$WIKI_DIR"
        dpkg-query -W -f='${Version}\n' mediawiki
        cat "$SCRIPT"
        while IFS= read -r file; do
            printf '%s\n' "${file#"$REPO"/}"
            cat "$file"
        done < <(fixture_files)
    } | sha256sum | cut -d' ' -f1
}

is_installed() {
    [[ -f $SETTINGS && -f $DATA/$DB_NAME.sqlite && -d $PRISTINE && -f $STAMP ]] &&
        [[ "$(<"$STAMP")" == "$1" ]]
}

# A maintenance script; its stderr goes to the install log, its stdout to ours.
mw_php() { (cd "$MW_DIR" && MW_CONFIG_FILE=$SETTINGS exec php "$@" </dev/null 2>>"$INSTALL_LOG"); }

install_wiki() {
    local stamp=$1 admin_password other_password bot_main_password
    local files=() file
    check_php_modules
    rm -rf "$DATA" "$PRISTINE" "$SETTINGS" "$STAMP" "$ACCOUNTS" \
        "$PWB_DIR"/apicache* "$PWB_DIR"/*.lwp "$PWB_DIR"/throttle.ctrl
    mkdir -p "$DATA"
    : >"$INSTALL_LOG"
    admin_password=admin-$(random_hex 12)
    other_password=other-$(random_hex 12)
    bot_main_password=bot-$(random_hex 12)
    (
        umask 077
        printf '{"admin": {"name": "%s", "password": "%s"}, "other": {"name": "%s", "password": "%s"}}\n' \
            "$ADMIN_USER" "$admin_password" "$OTHER_USER" "$other_password" >"$ACCOUNTS"
    )

    log "installing the wiki in $WIKI_DIR (log: $INSTALL_LOG)"
    (
        umask 077
        printf '%s' "$admin_password" >"$WIKI_DIR/.admin-pass"
    )
    mw_php maintenance/install.php --dbtype=sqlite --dbpath="$DATA" --dbname="$DB_NAME" \
        --server="http://127.0.0.1:$PORT" --scriptpath="" --lang=ar \
        --passfile="$WIKI_DIR/.admin-pass" --confpath="$WIKI_DIR" \
        --skins=Vector --extensions=Cite,ParserFunctions "$SITENAME" "$ADMIN_USER" \
        >>"$INSTALL_LOG" || die "install.php failed; see $INSTALL_LOG"
    rm -f "$WIKI_DIR/.admin-pass"
    cat >>"$SETTINGS" <<'PHP'

# --- Test settings appended by scripts/local-wiki.sh ---
$wgEnableEmail = false;
$wgEnableUserEmail = false;
$wgEnableUploads = false;
$wgJobRunRate = 0;
$wgRateLimits = [];
$wgPasswordAttemptThrottle = [];
$wgAccountCreationThrottle = [];
$wgParserCacheType = CACHE_NONE;
$wgShowExceptionDetails = true;
PHP

    mw_php maintenance/createAndPromote.php --bot --sysop "$BOT_USER" "$bot_main_password" >>"$INSTALL_LOG" ||
        die "creating $BOT_USER failed; see $INSTALL_LOG"
    mw_php maintenance/createAndPromote.php "$OTHER_USER" "$other_password" >>"$INSTALL_LOG" ||
        die "creating $OTHER_USER failed; see $INSTALL_LOG"
    # Its stdout repeats the password: keep it out of the log.
    mw_php maintenance/createBotPassword.php --appid "$BOT_APP" --grants "$BOT_GRANTS" \
        "$BOT_USER" "$(bot_password)" >/dev/null ||
        die "creating the bot password failed; see $INSTALL_LOG"

    while IFS= read -r file; do files+=("$file"); done < <(fixture_files)
    if ((${#files[@]})); then
        # The title is the file name without .wiki; MediaWiki turns _ into spaces.
        mw_php maintenance/importTextFiles.php --user "$ADMIN_USER" \
            --summary 'استيراد صفحات الاختبار' "${files[@]}" >>"$INSTALL_LOG" ||
            die "importing fixtures failed; see $INSTALL_LOG"
        log "imported ${#files[@]} fixture pages"
    fi
    mw_php maintenance/runJobs.php --quiet >>"$INSTALL_LOG" || die "runJobs.php failed; see $INSTALL_LOG"

    mkdir -p "$PRISTINE"
    for file in "${RESET_FILES[@]}"; do
        cp -p "$DATA/$file" "$PRISTINE/$file"
    done
    printf '%s\n' "$stamp" >"$STAMP"
}

# --- the server ---------------------------------------------------------------------------

# The PID of the php -S this script started for this WIKI_DIR, if it still runs.
our_pid() {
    local pid
    [[ -f $PIDFILE ]] || return 1
    read -r pid _ <"$PIDFILE" || return 1
    [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/environ ]] || return 1
    tr '\0' '\n' <"/proc/$pid/cmdline" | grep -qx -- '-S' || return 1
    tr '\0' '\n' <"/proc/$pid/environ" | grep -qxF -- "MW_CONFIG_FILE=$SETTINGS" || return 1
    printf '%s\n' "$pid"
}

# Running and not a zombie (an orphaned server is reaped by PID 1, sometimes slowly).
alive() { [[ -r /proc/$1/status ]] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status"; }

port_open() { (: <>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

wiki_id() {
    curl -fsS --max-time 5 "$API?action=query&meta=siteinfo&format=json" 2>/dev/null |
        grep -o '"wikiid":"[^"]*"' | cut -d'"' -f4
}

# ours (answering) | stale (ours, not answering) | foreign (port taken) | down
server_state() {
    local pid_port=''
    if our_pid >/dev/null; then read -r _ pid_port <"$PIDFILE" || true; fi
    if [[ $pid_port == "$PORT" ]]; then
        if [[ "$(wiki_id || true)" == "$DB_NAME" ]]; then echo ours; else echo stale; fi
    elif port_open; then
        echo foreign
    else
        echo down
    fi
}

stop_server() {
    local pid i
    if ! pid=$(our_pid); then
        rm -f "$PIDFILE"
        return 1
    fi
    kill "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        alive "$pid" || break
        sleep 0.05
    done
    if alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
    rm -f "$PIDFILE"
    log "stopped the server (pid $pid)"
}

start_server() {
    local pid i
    : >"$LOG"
    # setsid: the server outlives the caller and its Ctrl-C; fd 9 (our lock) stays here.
    (cd "$MW_DIR" && MW_CONFIG_FILE=$SETTINGS exec setsid php -S "127.0.0.1:$PORT" -t "$MW_DIR") \
        </dev/null >>"$LOG" 2>&1 9>&- &
    pid=$!
    printf '%s %s\n' "$pid" "$PORT" >"$PIDFILE"
    for ((i = 0; i < 200; i++)); do
        if ! alive "$pid"; then
            rm -f "$PIDFILE"
            tail -n 5 "$LOG" >&2 || true
            die "php -S exited; see $LOG"
        fi
        [[ "$(wiki_id || true)" == "$DB_NAME" ]] && return 0
        sleep 0.05
    done
    stop_server || true
    die "the wiki did not answer on $API within 10 s; see $LOG"
}

print_env() {
    printf '%s\n' \
        "WIKI_DIR=$WIKI_DIR" \
        "WIKI_API=$API" \
        "WIKI_FAMILY=$FAMILY" \
        "WIKI_CODE=$CODE" \
        "WIKI_BOT_USER=$BOT_USER" \
        "WIKI_OTHER_USER=$OTHER_USER" \
        "WIKI_ACCOUNTS_FILE=$ACCOUNTS" \
        "PYWIKIBOT_DIR=$PWB_DIR"
}

lock() {
    mkdir -p "$WIKI_DIR"
    exec 9>"$WIKI_DIR/.lock"
    flock -w 300 9 || die "another local-wiki.sh holds $WIKI_DIR/.lock"
}

die_port_taken() {
    die "port $PORT is taken by something that is not this wiki ($WIKI_DIR);" \
        "stop it or choose another WIKIMAINT_WIKI_PORT"
}

cmd_start() {
    local began=$EPOCHREALTIME stamp state
    cmd_deps
    lock
    cmd_config
    # Refuse a busy port before spending seconds on an install.
    if [[ $(server_state) == foreign ]]; then die_port_taken; fi
    stamp=$(install_stamp)
    if ! is_installed "$stamp"; then
        stop_server || true
        install_wiki "$stamp"
    fi
    state=$(server_state)
    case $state in
    ours) log "already running (pid $(our_pid)) on $API" ;;
    *)
        stop_server || true
        if port_open; then die_port_taken; fi
        start_server
        log "started on $API (pid $(our_pid)) in $(bc_seconds "$began") s"
        ;;
    esac
    print_env
    if [[ $state == ours ]]; then echo WIKI_SERVER=running; else echo WIKI_SERVER=started; fi
}

bc_seconds() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }'; }

cmd_stop() {
    lock
    stop_server || log "not running (no server started by this script for $WIKI_DIR)"
}

cmd_reset() {
    local file
    lock
    [[ -d $PRISTINE ]] || die "not installed yet: run '$0 start' first"
    for file in "${RESET_FILES[@]}"; do
        cp -p "$PRISTINE/$file" "$DATA/.$file.tmp"
        mv -f "$DATA/.$file.tmp" "$DATA/$file"
        rm -f "$DATA/$file-journal" "$DATA/$file-wal" "$DATA/$file-shm"
    done
}

cmd_status() {
    local installed=no state pid
    [[ -f $STAMP && -d $PRISTINE ]] && installed=yes
    state=$(server_state)
    case $state in
    ours)
        pid=$(our_pid)
        log "installed, running on $API (pid $pid)"
        ;;
    stale) log "installed: $installed; our server (pid $(our_pid)) does not answer" ;;
    foreign) log "installed: $installed; port $PORT is taken by something else" ;;
    down) log "installed: $installed; not running" ;;
    esac
    echo "WIKI_INSTALLED=$installed"
    echo "WIKI_SERVER=$state"
    [[ $state == ours ]]
}

main() {
    case ${1:-} in
    deps) cmd_deps ;;
    packages)
        shift
        cmd_packages "$@"
        ;;
    config)
        lock
        cmd_config
        print_env
        ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    reset) cmd_reset ;;
    status) cmd_status ;;
    env) print_env ;;
    *)
        sed -n '2,/^set -euo/p' "$SCRIPT" | sed '$d; s/^# \{0,1\}//' >&2
        exit 2
        ;;
    esac
}

main "$@"
