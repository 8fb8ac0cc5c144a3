// login.js - the login page: POST /api/v1/login with a cookie session,
// keep the CSRF token for this tab, then open the app page.
import { api, ApiError, setCsrf, setDisplayName, takeNotice, resetErrors, showError, busy }
  from './common.js';

const form = document.getElementById('login-form');
const button = document.getElementById('login-button');
const notice = document.getElementById('notice');
const errorBox = document.getElementById('login-error');

const n = takeNotice();
if (n) {
  notice.textContent = n;
  notice.hidden = false;
}

form.addEventListener('submit', async ev => {
  ev.preventDefault();
  resetErrors(form);
  notice.hidden = true;
  const username = form.username.value.trim();
  const password = form.password.value;
  if (!username || !password) {
    showError(form, new ApiError(400, {
      message: '必填', field: username ? 'password' : 'username' }));
    return;
  }
  await busy(button, async () => {
    try {
      const r = await api('POST', '/login', { username, password, session: 'cookie' },
                          { noRedirect: true });
      setCsrf(r.csrf);
      setDisplayName(r.user.username, r.display_name);
      location.replace('app.html');
    } catch (err) {
      form.password.value = '';
      if (err instanceof ApiError && (err.status === 429 || err.status === 401)) {
        errorBox.textContent = err.text;   // 账户已锁定：…, 用户名或密码错误
      } else {
        showError(form, err);
      }
      (err && err.field === 'username' ? form.username : form.password).focus();
    }
  }, '正在登录…');
});

form.username.focus();
