/*
 * h_auth.c - POST /api/v1/login, POST /api/v1/logout, GET /api/v1/me.
 *
 * API clients get the token in the body and send it as
 * "Authorization: Bearer TOKEN". The pages ask for {"session":"cookie"}:
 * the token then goes only into an HttpOnly, SameSite=Strict cookie that
 * page scripts cannot read, and the body carries the CSRF token that
 * every state-changing request must echo in X-CSRF-Token.
 */
#include <stdio.h>
#include <string.h>

#include "core/auth.h"
#include "http/http.h"
#include "util/banned.h"

static const char *cookie_name(const struct http_call *c)
{
    return c->secure_cookies ? "__Host-lf_session" : "lf_session";
}

static const struct json_member login_members[] = {
    { "username", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "password", JM_STRING, JM_REQUIRED, 0, 0, NULL, NULL },
    { "session", JM_STRING, 0, 0, 0, NULL, NULL },
    JSON_MEMBERS_END
};

int h_login(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;
    struct auth_login_out out;
    const char *username, *password, *mode;
    int cookie;
    json_t *body, *reply;

    memset(&out, 0, sizeof(out));
    if (!(body = json_body_object(c, login_members, &err)))
        return http_reply_err(c, &err);
    username = json_str(body, "username", 1, 64, &err);
    password = json_str(body, "password", 1, 1024, &err);
    mode = json_str(body, "session", 0, 16, &err);
    if (err.code == LF_ERR_OK && mode && strcmp(mode, "cookie") && strcmp(mode, "token"))
        lf_err_set(&err, LF_ERR_INVALID, "session", "must be \"cookie\" or \"token\"");
    cookie = mode && strcmp(mode, "cookie") == 0;
    if (err.code != LF_ERR_OK ||
        auth_login(c->ctx, username, password, c->who.addr, &out, &err)) {
        json_decref(body);
        c->delay_ms = out.delay_ms;
        return http_reply_err(c, &err);
    }
    json_decref(body);
    reply = json_pack("{s:s, s:o}", "csrf", out.csrf, "user", json_from_who(&out.who));
    json_object_set_new(reply, "display_name", json_string(out.user.display_name));
    if (cookie)
        snprintf(c->set_cookie, sizeof(c->set_cookie),
                 "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s",
                 cookie_name(c), out.token, AUTH_MAX_AGE_S,
                 c->secure_cookies ? "; Secure" : "");
    else
        json_object_set_new(reply, "token", json_string(out.token));
    return http_reply_json(c, 200, reply);
}

int h_logout(struct http_call *c)
{
    struct lf_err err = LF_ERR_INIT;

    if (auth_logout(c->ctx, &c->who, c->token, &err))
        return http_reply_err(c, &err);
    snprintf(c->set_cookie, sizeof(c->set_cookie),
             "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s", cookie_name(c),
             c->secure_cookies ? "; Secure" : "");
    return http_reply_empty(c, 204);
}

int h_me(struct http_call *c)
{
    json_t *reply = json_from_who(&c->who);
    char csrf[AUTH_CSRF_LEN + 1];

    json_add_access(reply, &c->who);
    if (c->token_from_cookie) {
        auth_csrf_token(c->ctx, c->token, csrf);
        json_object_set_new(reply, "csrf", json_string(csrf));
    }
    return http_reply_json(c, 200, reply);
}
