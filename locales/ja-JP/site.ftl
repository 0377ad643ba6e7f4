### Strings of the documentation site, locale ja-JP.

language-name = 日本語
site-title = エラーコードリファレンス
filter-label = エラーコードを絞り込む
filter-placeholder = コードまたはキーワードを入力（例：280006、セッション）
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

## Names of the shipped catalog's code ranges.
group-60xxx = 60xxx：REST API リクエスト
group-100xxx = 100xxx：システムとボット
group-110xxx = 110xxx：有効化の申請
group-130xxx = 130xxx：ボット管理
group-140xxx = 140xxx：ナレッジベースのアップロード
group-150xxx = 150xxx：ナレッジエントリの更新
group-160xxx = 160xxx：ナレッジエントリの削除
group-180xxx = 180xxx：回答の照会
group-210xxx = 210xxx：回答精度フィードバック
group-220xxx = 220xxx：ボットの削除
group-230xxx = 230xxx：ボット情報の変更
group-240xxx = 240xxx：PTT 音声メッセージ
group-250xxx = 250xxx：メッセージ送信サービス
group-260xxx = 260xxx：WeChat 連携
group-270xxx = 270xxx：カスタマーサービス管理者
group-280xxx = 280xxx：カスタマーサービスとセッション
group-290xxx = 290xxx：チケット
