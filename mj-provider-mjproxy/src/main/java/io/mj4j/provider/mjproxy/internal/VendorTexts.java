package io.mj4j.provider.mjproxy.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * English glosses for the Chinese texts midjourney-proxy servers answer with (mjproxy.md §3.1, §4, §6.1, §10, §14):
 * the descriptions of codes 3, 4, 9, 21-24 and their common variants, read from the OSS v2.6.3 server
 * ({@code SubmitController}, {@code TaskServiceImpl}, {@code DiscordInstanceImpl}) and the trueai texts the vendor
 * file quotes. The original always stays: {@link #gloss} puts the English beside it, never instead of it, so a
 * text nobody has translated yet still reaches the user whole. Stateless.
 */
public final class VendorTexts {
    /** Phrase (a regex over the vendor text) → English; first match wins, so longer phrases come first. */
    private static final Map<Pattern, String> GLOSSES = new LinkedHashMap<>();

    static {
        // §4 code 3, root submit: the server has no Discord account that can take the task now.
        add("无可用的账号实例", "no account instance available: the server has no Discord account that can take tasks now");
        add("无可用账号|没有可用的账号|账号不可用", "no account available");
        // §4 code 3, follow-up: the parent is unknown to this server (never existed here, expired, or lost in a restart).
        add("关联任务不存在或已失效", "the referenced (parent) task does not exist or has expired on this server");
        add("关联任务状态错误", "the referenced (parent) task is not finished (status is not SUCCESS)");
        add("关联任务不允许执行变化", "the referenced (parent) task does not allow this change");
        add("任务不存在", "the task does not exist");
        // §4 code 4 (validation), OSS v2 SubmitController texts and variants.
        add("prompt不能为空", "prompt must not be empty");
        add("base64不能为空", "base64 must not be empty (this server takes images as base64 data URLs)");
        add("base64格式错误", "base64 format is wrong (expected data:image/...;base64,...)");
        add("base64List参数错误", "base64Array is wrong (blend takes 2-5 images)");
        add("taskId不能为空", "taskId must not be empty");
        add("action参数错误", "action is wrong");
        add("content参数错误", "content is wrong (expected '<taskId> U1..U4|V1..V4|R')");
        add("dimensions参数错误", "dimensions is wrong (PORTRAIT, SQUARE or LANDSCAPE)");
        add("禁止上传", "uploads are disabled on this server");
        add("视频功能未启用", "video is not enabled on this server");
        add("演示模式，禁止操作", "demo mode: operation forbidden");
        add("参数错误|校验错误", "validation error");
        // §4 code 24 (OSS/Plus) and trueai's later FAILURE text (§14).
        add("可能包含敏感词", "may contain a banned word");
        // §4 code 21 (OSS v2 "existed") and 22/23 (queue).
        add("任务已存在", "the task already exists");
        add("排队中，前面还有(\\d+)个任务", "queued, $1 tasks ahead");
        add("队列已满", "the queue is full, try again later");
        // §4 code 9 and §10 system errors.
        add("提交失败，系统异常|系统异常", "system error while submitting");
        add("操作失败", "operation failed");
        add("提交成功", "submitted");
        add("数据未找到", "data not found");
        // §6.1 failReason texts.
        add("任务超时|执行超时|任务提交超时", "the task timed out");
        add("取消任务", "the task was cancelled");
        add("额度不足|余额不足", "insufficient quota or balance");
    }

    private VendorTexts() {
    }

    private static void add(String regex, String english) {
        GLOSSES.put(Pattern.compile(regex), english);
    }

    /** The English meaning of the first known phrase in {@code text}, if any. */
    public static java.util.Optional<String> english(String text) {
        if (text == null || text.isEmpty()) {
            return java.util.Optional.empty();
        }
        for (Map.Entry<Pattern, String> e : GLOSSES.entrySet()) {
            Matcher m = e.getKey().matcher(text);
            if (m.find()) {
                String english = e.getValue();
                for (int g = 1; g <= m.groupCount(); g++) {
                    english = english.replace("$" + g, m.group(g));
                }
                return java.util.Optional.of(english);
            }
        }
        return java.util.Optional.empty();
    }

    /** {@code text} with the English of a known phrase beside it: {@code 无可用的账号实例 (English: no account ...)}. */
    public static String gloss(String text) {
        return english(text).filter(en -> !text.contains(en)).map(en -> text + " (English: " + en + ")").orElse(text);
    }

    /** True when {@code text} says no account is available (§4 code 3 on a root submit). */
    public static boolean saysNoAccount(String text) {
        String t = text == null ? "" : text.toLowerCase(java.util.Locale.ROOT);
        return t.contains("账号") || t.contains("account");
    }

    /** True when {@code text} says the referenced task is missing or expired (§4 code 3 on a follow-up; new-api §10). */
    public static boolean saysTaskMissing(String text) {
        String t = text == null ? "" : text.toLowerCase(java.util.Locale.ROOT);
        return t.contains("不存在") || t.contains("已失效") || t.contains("task_not_found") || t.contains("task_no_found")
                || t.contains("not found") || t.contains("not exist");
    }
}
