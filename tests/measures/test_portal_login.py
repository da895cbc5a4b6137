"""Logging in and out, changing and resetting a password, all in Thai."""
from __future__ import annotations

import re

from django.urls import reverse


def test_the_login_page_is_in_thai(client, db):
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="th">' in html
    assert "เข้าสู่ระบบ" in html
    assert "ลืมรหัสผ่าน?" in html


def test_a_demo_user_logs_in_and_lands_on_the_dashboard(client, po):
    response = client.post(reverse("login"), {"username": "po-staff", "password": "ita-demo-2568"}, follow=True)
    assert response.redirect_chain[-1][0] == "/po/2568/"
    assert "รายงานของสำนักปลัด" in response.content.decode()


def test_a_wrong_password_is_refused_in_thai(client, po):
    response = client.post(reverse("login"), {"username": "po-staff", "password": "wrong"})
    assert response.status_code == 200  # Django's login view re-renders its form
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logging_out_takes_a_post(client, people):
    client.force_login(people["owner"])
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_every_page_offers_logout_as_a_form(client, people):
    client.force_login(people["owner"])
    html = client.get(reverse("measures-dashboard", args=["po", 2568])).content.decode()
    logout_form = r'<form method="post" action="/accounts/logout/">\s*<input type="hidden" name="csrfmiddlewaretoken"'
    assert re.search(logout_form, html)


def test_a_password_is_changed_with_the_old_one(client, people):
    client.force_login(people["owner"])
    response = client.post(reverse("password_change"), {
        "old_password": "pw-owner", "new_password1": "ปอ-new-secret-2568", "new_password2": "ปอ-new-secret-2568",
    }, follow=True)
    assert "เปลี่ยนรหัสผ่านของท่านเรียบร้อยแล้ว" in response.content.decode()
    people["owner"].refresh_from_db()
    assert people["owner"].check_password("ปอ-new-secret-2568")


def test_a_forgotten_password_is_reset_by_email_link(client, people, mailoutbox):
    people["owner"].email = "owner@po.go.th"
    people["owner"].save()
    response = client.post(reverse("password_reset"), {"email": "owner@po.go.th"}, follow=True)
    assert "โปรดตรวจสอบอีเมล" in response.content.decode()
    message = mailoutbox[0]
    assert message.subject == "ITA Portal: ตั้งรหัสผ่านใหม่"
    assert "มีผู้ขอตั้งรหัสผ่านใหม่สำหรับบัญชี owner ใน ITA Portal" in message.body
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", message.body).group(1)

    form = client.get(link, follow=True)
    assert "ตั้งรหัสผ่านใหม่" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {
        "new_password1": "ปอ-reset-secret-2568", "new_password2": "ปอ-reset-secret-2568",
    }, follow=True)
    assert "ตั้งรหัสผ่านใหม่เรียบร้อยแล้ว" in done.content.decode()
    people["owner"].refresh_from_db()
    assert people["owner"].check_password("ปอ-reset-secret-2568")


def test_pages_serve_the_sarabun_font_locally(client, db):
    html = client.get(reverse("login")).content.decode()
    assert 'url("/fonts/Sarabun-Regular.ttf")' in html
    response = client.get("/fonts/Sarabun-Regular.ttf")
    assert response.status_code == 200
    assert response["Content-Type"] == "font/ttf"
    assert client.get("/fonts/..%2Fsettings.py").status_code == 404
