def test_a_missing_page_answers_404_in_thai(client, db):
    response = client.get("/public/nowhere/2568/")
    assert response.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in response.content.decode()
