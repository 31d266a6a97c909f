# Sourced by bench/download/run.sh and bench/latency/run.sh: free ports, waits, medians, clean-up, and nginx
# (sendfile) as the well-known server to compare with. The caller sets WORK (its work folder) and PIDS (the
# background processes to stop at exit), then `trap bench_cleanup EXIT`.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_file() { for _ in $(seq 1 600); do [ -s "$1" ] && return 0; sleep 0.1; done; echo "run.sh: timed out waiting for $1" >&2; exit 1; }
now() { date +%s.%N; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# Stops the background processes and nginx; removes WORK unless KEEP=1.
bench_cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
    [ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"
}

# start_nginx ROOT: nginx serves the files under ROOT on a free unprivileged port of 127.0.0.1 (NGINX_PORT).
start_nginx() {
    NGINX_PORT=$(free_port)
    mkdir -p "$WORK/nginx"
    {
        [ "$(id -u)" = 0 ] && echo "user root;"
        cat <<CONF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 64; }
http {
    access_log off;
    sendfile on;
    client_body_temp_path $WORK/nginx/body; proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fcgi; uwsgi_temp_path $WORK/nginx/uwsgi; scgi_temp_path $WORK/nginx/scgi;
    server { listen 127.0.0.1:$NGINX_PORT; root $1; }
}
CONF
    } >"$WORK/nginx/nginx.conf"
    nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"
    wait_file "$WORK/nginx.pid"
}
