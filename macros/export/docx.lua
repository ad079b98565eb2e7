-- Pandoc filter of the review's Word edition (macros/export/docx.py): the print document's
-- notes become Word footnotes, its page breaks and contents Word's own, and images given as
-- data: URLs are stored under a name of their content (not their data URL).
local PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
local TOC = '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
  .. '<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent><w:p><w:r>'
  .. '<w:fldChar w:fldCharType="begin" w:dirty="true"/>'
  .. '<w:instrText xml:space="preserve"> TOC \\o "1-%d" \\h \\z \\u </w:instrText>'
  .. '<w:fldChar w:fldCharType="separate"/><w:fldChar w:fldCharType="end"/>'
  .. '</w:r></w:p></w:sdtContent></w:sdt>'

function Span(el)
  if el.classes:includes("footnote") then
    return pandoc.Note(pandoc.Plain(el.content))
  end
end

function Div(el)
  if el.classes:includes("page-break") then
    return pandoc.RawBlock("openxml", PAGE_BREAK)
  end
  if el.attributes["custom-style"] == "Key Findings" then
    -- a tight list's items would take Word's "Compact" style, not the box's
    return el:walk({ Plain = function(plain) return pandoc.Para(plain.content) end })
  end
  if el.classes:includes("word-contents") then
    local depth = tonumber(el.attributes["depth"]) or 2
    return pandoc.RawBlock("openxml", string.format(TOC, depth))
  end
end

function Image(el)
  if el.src:sub(1, 5) == "data:" then
    local mime, contents = pandoc.mediabag.fetch(el.src)
    local name = pandoc.utils.sha1(contents) .. ".png"
    pandoc.mediabag.insert(name, mime, contents)
    el.src = name
    return el
  end
end
