### errbook に組み込まれたサイトの表示文字列（日本語）。プロジェクトは locales/<tag>/site.ftl で個別に上書きできます。

language-name = 日本語
site-title = エラーコードリファレンス
filter-label = エラーコードを絞り込む
filter-placeholder = コードまたはキーワードを入力
filter-hint = 入力に合わせて、コードまたは説明で絞り込みます。
no-results = 一致するエラーコードはありません。
did-you-mean = もしかして：
copy-link = リンクをコピー
copy-link-to = エラーコード { $code } へのリンクをコピー
copied = リンクをコピーしました。
jump-to-group = グループへ移動
languages = 言語
status-untranslated = 未翻訳
status-stale = 古い可能性があります
status-column = 翻訳状況
source-text = 原文：
skip-to-content = 本文へスキップ
choose-language = 言語を選択
redirecting = ブラウザーの言語のページへ移動しています…
coverage = { $total } 件中 { $translated } 件のエラーコードを翻訳済み（{ $percent }%）。
group-range = { $range } のエラーコード
group-text = { $prefix } のエラーコード
group-other = その他のエラーコード
not-found-title = ページが見つかりません
not-found-link = エラーコードリファレンスへ移動
