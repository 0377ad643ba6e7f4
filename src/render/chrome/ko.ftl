### errbook에 내장된 사이트 문자열(한국어)입니다. 프로젝트에서 locales/<tag>/site.ftl 파일로 메시지별로 재정의할 수 있습니다.

language-name = 한국어
site-title = 오류 코드 참조
filter-label = 오류 코드 필터
filter-placeholder = 코드 또는 키워드 입력
filter-hint = 입력하는 즉시 코드나 설명으로 필터링합니다.
no-results = 일치하는 오류 코드가 없습니다.
did-you-mean = 이것을 찾으셨나요?
copy-link = 링크 복사
copy-link-to = 오류 코드 { $code } 링크 복사
copied = 링크를 복사했습니다.
jump-to-group = 그룹으로 이동
languages = 언어
status-untranslated = 아직 번역되지 않음
status-stale = 최신 내용이 아닐 수 있음
status-column = 번역 상태
source-text = 원문:
skip-to-content = 본문으로 건너뛰기
choose-language = 언어 선택
redirecting = 브라우저 언어에 맞는 페이지로 이동하는 중…
coverage = 오류 코드 { $total }개 중 { $translated }개가 번역되었습니다({ $percent }%).
group-range = { $range } 오류 코드
group-text = { $prefix } 오류 코드
group-other = 기타 오류 코드
not-found-title = 페이지를 찾을 수 없습니다
not-found-link = 오류 코드 참조로 이동
