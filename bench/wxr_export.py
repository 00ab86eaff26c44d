#!/usr/bin/env python3
"""Writes a WordPress export (WXR 1.2) of a made-up Vietnamese journal, for `make bench` and for
looking at an import: authors, categories (with children), tags, photo attachments, N posts of
classic-editor HTML with [caption] figures, headings, lists and links, and threaded comments of
every status. Deterministic for the same arguments.

  wxr_export.py POSTS OUT.xml [--photos DIR --uploads DIR]

With --photos, the JPEG files of DIR are copied into --uploads as 2019/08/anh-K.jpg and the
export names them as attachments; without, the posts carry no photos.
"""
import argparse
import os
import random
import shutil

SENTENCES = [
    "Sáng nay, hàng nghìn người dân Thủ đô đã đổ về Quảng trường Ba Đình.",
    "Theo Bộ Giao thông Vận tải, dự án sẽ hoàn thành trước mùa mưa bão.",
    "Các chuyên gia nhận định nền kinh tế tiếp tục phục hồi trong quý cuối năm.",
    "Người nông dân Đồng bằng sông Cửu Long bắt đầu vụ lúa mới với nhiều hy vọng.",
    "Đội tuyển bóng đá quốc gia đã có buổi tập đầu tiên trên sân Mỹ Đình.",
    "Lễ hội truyền thống thu hút đông đảo du khách trong và ngoài nước.",
    "Nhiều trường đại học công bố điểm chuẩn cao hơn năm trước.",
    "Cầu Long Biên, chứng nhân lịch sử hơn một thế kỷ, vẫn đứng vững bên sông Hồng.",
]
CATEGORIES = [("thoi-su", "Thời sự"), ("kinh-te", "Kinh tế"), ("the-thao", "Thể thao"),
              ("van-hoa", "Văn hóa"), ("giao-duc", "Giáo dục"), ("the-gioi", "Thế giới")]
CHILDREN = [("ha-noi", "Hà Nội", "thoi-su"), ("tp-hcm", "TP. Hồ Chí Minh", "thoi-su"),
            ("bong-da", "Bóng đá", "the-thao"), ("chung-khoan", "Chứng khoán", "kinh-te")]
AUTHORS = [("lan", "Nguyễn Thị Lan"), ("minh", "Trần Minh"), ("hoa", "Lê Thu Hoa"),
           ("tuan", "Phạm Anh Tuấn")]


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("posts", type=int)
    parser.add_argument("out")
    parser.add_argument("--photos")
    parser.add_argument("--uploads")
    args = parser.parse_args()
    rng = random.Random(42)
    base = "https://bao-cu.example"
    photos = []
    if args.photos and args.uploads:
        sources = sorted(f for f in os.listdir(args.photos) if f.endswith(".jpg") and "-" in f
                         and not any(f.endswith(f"-{w}.jpg") for w in (320, 640, 1024, 1200)))
        os.makedirs(os.path.join(args.uploads, "2019/08"), exist_ok=True)
        for k, name in enumerate(sources[:24]):
            shutil.copyfile(os.path.join(args.photos, name),
                            os.path.join(args.uploads, f"2019/08/anh-{k}.jpg"))
            photos.append(k)
    with open(args.out, "w", encoding="utf-8") as out:
        w = out.write
        w('<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
          'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
          'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
          'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/" '
          'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n')
        w(f"<title>{cdata('Báo Cũ')}</title>\n<link>{base}</link>\n<language>vi</language>\n")
        w(f"<wp:wxr_version>1.2</wp:wxr_version>\n<wp:base_site_url>{base}</wp:base_site_url>\n"
          f"<wp:base_blog_url>{base}</wp:base_blog_url>\n")
        for i, (login, name) in enumerate(AUTHORS, 1):
            w(f"<wp:author><wp:author_id>{i}</wp:author_id><wp:author_login>{cdata(login)}"
              f"</wp:author_login><wp:author_email>{cdata(login + '@bao-cu.example')}"
              f"</wp:author_email><wp:author_display_name>{cdata(name)}"
              "</wp:author_display_name></wp:author>\n")
        for i, (slug, name) in enumerate(CATEGORIES, 1):
            w(f"<wp:category><wp:term_id>{i}</wp:term_id><wp:category_nicename>{cdata(slug)}"
              f"</wp:category_nicename><wp:category_parent>{cdata('')}</wp:category_parent>"
              f"<wp:cat_name>{cdata(name)}</wp:cat_name></wp:category>\n")
        for i, (slug, name, parent) in enumerate(CHILDREN, 100):
            w(f"<wp:category><wp:term_id>{i}</wp:term_id><wp:category_nicename>{cdata(slug)}"
              f"</wp:category_nicename><wp:category_parent>{cdata(parent)}"
              f"</wp:category_parent><wp:cat_name>{cdata(name)}</wp:cat_name></wp:category>\n")
        for k in photos:
            url = f"{base}/wp-content/uploads/2019/08/anh-{k}.jpg"
            w(f"<item><title>{cdata(f'Ảnh {k}')}</title><link>{base}/?attachment_id={1000000 + k}"
              f"</link><dc:creator>{cdata('lan')}</dc:creator>"
              f"<content:encoded>{cdata('')}</content:encoded>"
              f"<excerpt:encoded>{cdata(SENTENCES[k % len(SENTENCES)])}</excerpt:encoded>"
              f"<wp:post_id>{1000000 + k}</wp:post_id>"
              f"<wp:post_date_gmt>{cdata('2019-08-20 01:00:00')}</wp:post_date_gmt>"
              f"<wp:status>{cdata('inherit')}</wp:status>"
              f"<wp:post_type>{cdata('attachment')}</wp:post_type>"
              f"<wp:attachment_url>{cdata(url)}</wp:attachment_url>"
              f"<wp:postmeta><wp:meta_key>{cdata('_wp_attached_file')}</wp:meta_key>"
              f"<wp:meta_value>{cdata(f'2019/08/anh-{k}.jpg')}</wp:meta_value></wp:postmeta>"
              f"<wp:postmeta><wp:meta_key>{cdata('_wp_attachment_image_alt')}</wp:meta_key>"
              f"<wp:meta_value>{cdata(f'Ảnh minh họa số {k}')}</wp:meta_value></wp:postmeta>"
              "</item>\n")
        comment_id = 1
        for p in range(1, args.posts + 1):
            title = f"{rng.choice(SENTENCES)[:-1]} (bài {p})"
            day = 1 + p % 28
            date = f"2019-{1 + p % 12:02d}-{day:02d} {p % 24:02d}:{p % 60:02d}:00"
            paragraphs = []
            for k in range(rng.randint(4, 9)):
                paragraphs.append(" ".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 5))))
                if k == 1 and photos and p % 2 == 0:
                    ph = photos[p % len(photos)]
                    url = f"{base}/wp-content/uploads/2019/08/anh-{ph}"
                    paragraphs.append(
                        f'[caption id="attachment_{1000000 + ph}" align="aligncenter" width="300"]'
                        f'<a href="{url}.jpg"><img src="{url}-300x200.jpg" alt="Ảnh minh họa" '
                        f'width="300" height="200" /></a> {SENTENCES[ph % len(SENTENCES)]}'
                        "[/caption]")
                if k == 2:
                    paragraphs.append("<h2>1. Diễn biến chính</h2>")
                if k == 3:
                    paragraphs.append("<ul>\n<li>Thứ nhất: <strong>quan trọng</strong></li>\n"
                                      "<li>Thứ hai: <a href=\"https://vi.wikipedia.org/\">"
                                      "tham khảo</a></li>\n</ul>")
            category = rng.choice(CATEGORIES + [(c[0], c[1]) for c in CHILDREN])
            author = AUTHORS[p % len(AUTHORS)][0]
            w(f"<item><title>{cdata(title)}</title>"
              f"<link>{base}/{date[:4]}/{date[5:7]}/bai-{p}/</link>"
              f"<dc:creator>{cdata(author)}</dc:creator>"
              f'<guid isPermaLink="false">{base}/?p={p}</guid>'
              f"<content:encoded>{cdata((chr(10) * 2).join(paragraphs))}</content:encoded>"
              f"<excerpt:encoded>{cdata(rng.choice(SENTENCES))}</excerpt:encoded>"
              f"<wp:post_id>{p}</wp:post_id>"
              f"<wp:post_date_gmt>{cdata(date)}</wp:post_date_gmt>"
              f"<wp:post_modified_gmt>{cdata(date)}</wp:post_modified_gmt>"
              f"<wp:comment_status>{cdata('open')}</wp:comment_status>"
              f"<wp:post_name>{cdata(f'bai-{p}')}</wp:post_name>"
              f"<wp:status>{cdata('publish' if p % 10 else 'draft')}</wp:status>"
              f"<wp:post_type>{cdata('post')}</wp:post_type>"
              f"<wp:is_sticky>0</wp:is_sticky>"
              f'<category domain="category" nicename="{category[0]}">{cdata(category[1])}</category>'
              f'<category domain="post_tag" nicename="tag-{p % 200}">{cdata(f"Chủ đề {p % 200}")}'
              "</category>")
            if photos and p % 3 == 0:
                w(f"<wp:postmeta><wp:meta_key>{cdata('_thumbnail_id')}</wp:meta_key><wp:meta_value>"
                  f"{cdata(str(1000000 + photos[p % len(photos)]))}</wp:meta_value></wp:postmeta>")
            first = comment_id
            for c in range(rng.randint(0, 5)):
                parent = first if c > 0 and rng.random() < 0.4 else 0
                approved = rng.choice(["1", "1", "1", "0", "spam"])
                w(f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                  f"<wp:comment_author>{cdata(f'Bạn đọc {comment_id % 97}')}</wp:comment_author>"
                  f"<wp:comment_author_email>{cdata(f'ban{comment_id}@mail.example')}"
                  f"</wp:comment_author_email>"
                  f"<wp:comment_date_gmt>{cdata(date)}</wp:comment_date_gmt>"
                  f"<wp:comment_content>{cdata(rng.choice(SENTENCES))}</wp:comment_content>"
                  f"<wp:comment_approved>{cdata(approved)}</wp:comment_approved>"
                  f"<wp:comment_type>{cdata('comment')}</wp:comment_type>"
                  f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>")
                comment_id += 1
            w("</item>\n")
        w("</channel>\n</rss>\n")


if __name__ == "__main__":
    main()
