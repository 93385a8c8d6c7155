package io.creatorgov.kit.testing.conformance;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.DescriptorProtos.SourceCodeInfo;
import io.creatorgov.common.v1.ErrorReason;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads every RPC's documented {@code Errors:} list from the contracts' descriptor set with
 * comments ({@code creatorgov/creatorgov-v1-documented.binpb} in the contracts jar).
 *
 * <p>The grammar the contracts follow (see {@code conventions.proto}): {@code Errors:} then {@code
 * CODE (REASON[: words | with words], REASON, ...)} groups separated by commas. Within a group,
 * items are separated by {@code ,} or {@code ;}; an item that starts with an {@code ErrorReason}
 * name opens that reason, any other item adds words to the reason before it. A reason's words
 * promise {@code ErrorInfo.metadata} keys after the word {@code metadata} (each in backticks,
 * optionally {@code = `value`}), a {@code PreconditionFailure} when they name it, and its violation
 * type after {@code type}.
 */
public final class DocumentedErrors {
  public static final String RESOURCE = "creatorgov/creatorgov-v1-documented.binpb";

  private static final int SERVICE_FIELD = 6;
  private static final int METHOD_FIELD = 2;
  private static final Pattern ERRORS_HEADING = Pattern.compile("Errors(?: \\(whole call\\))?:");
  private static final Pattern CODE_GROUP = Pattern.compile("\\b([A-Z][A-Z_]+) \\(");
  private static final Pattern REASON_ITEM = Pattern.compile("^([A-Z][A-Z_]+)\\b(.*)$");
  private static final Pattern METADATA_KEY =
      Pattern.compile("`([a-z][a-z0-9_]*)`(?:\\s*=\\s*`([^`]*)`)?");
  private static final Pattern PRECONDITION_TYPE = Pattern.compile("\\btype `([A-Z_]+)`");

  private DocumentedErrors() {}

  /** Every documented error of every RPC of {@code serviceFullName}, in contract order. */
  public static List<DocumentedError> of(String serviceFullName) {
    List<DocumentedError> errors = new ArrayList<>();
    for (FileDescriptorProto file : files()) {
      for (int s = 0; s < file.getServiceCount(); s++) {
        ServiceDescriptorProto service = file.getService(s);
        String fullName = file.getPackage() + "." + service.getName();
        if (!fullName.equals(serviceFullName)) {
          continue;
        }
        for (int m = 0; m < service.getMethodCount(); m++) {
          MethodDescriptorProto method = service.getMethod(m);
          String comment = leadingComment(file.getSourceCodeInfo(), s, m);
          errors.addAll(parse(fullName, method.getName(), comment));
        }
      }
    }
    return errors;
  }

  /** The method names of a service, in contract order. */
  public static List<String> methods(String serviceFullName) {
    List<String> names = new ArrayList<>();
    for (FileDescriptorProto file : files()) {
      for (ServiceDescriptorProto service : file.getServiceList()) {
        if ((file.getPackage() + "." + service.getName()).equals(serviceFullName)) {
          service.getMethodList().forEach(m -> names.add(m.getName()));
        }
      }
    }
    return names;
  }

  /** Parses the {@code Errors:} part of one RPC comment (no {@code Errors:} → nothing). */
  public static List<DocumentedError> parse(String service, String rpc, String comment) {
    Matcher heading = ERRORS_HEADING.matcher(comment);
    if (!heading.find()) {
      return List.of();
    }
    String text = comment.substring(heading.end()).replaceAll("\\s+", " ");
    int perItem = text.indexOf("Per item:");
    if (perItem >= 0) {
      // per-item outcomes of a batch travel in the response, not as the call's status
      text = text.substring(0, perItem);
    }
    List<DocumentedError> errors = new ArrayList<>();
    Matcher group = CODE_GROUP.matcher(text);
    int from = 0;
    while (group.find(from)) {
      Status.Code code = codeOrNull(group.group(1));
      int open = group.end() - 1;
      int close = matchingParenthesis(text, open);
      if (code != null) {
        errors.addAll(reasons(service, rpc, code, text.substring(open + 1, close)));
      }
      from = close + 1;
    }
    return errors;
  }

  private static List<DocumentedError> reasons(
      String service, String rpc, Status.Code code, String group) {
    List<DocumentedError> errors = new ArrayList<>();
    ErrorReason current = null;
    StringBuilder words = new StringBuilder();
    for (String item : items(group)) {
      Matcher m = REASON_ITEM.matcher(item);
      ErrorReason reason = m.matches() ? reasonOrNull(m.group(1)) : null;
      if (reason == null) {
        words.append(words.length() == 0 ? "" : "; ").append(item);
        continue;
      }
      if (current != null) {
        errors.add(error(service, rpc, code, current, words.toString()));
      }
      current = reason;
      words.setLength(0);
      words.append(m.group(2).replaceFirst("^\\s*:?\\s*", ""));
    }
    if (current != null) {
      errors.add(error(service, rpc, code, current, words.toString()));
    }
    return errors;
  }

  private static DocumentedError error(
      String service, String rpc, Status.Code code, ErrorReason reason, String words) {
    Map<String, String> metadata = new LinkedHashMap<>();
    int at = words.indexOf("metadata");
    if (at >= 0) {
      Matcher key = METADATA_KEY.matcher(words.substring(at));
      while (key.find()) {
        metadata.put(key.group(1), key.group(2) == null ? "" : key.group(2));
      }
    }
    Matcher type = PRECONDITION_TYPE.matcher(words);
    return new DocumentedError(
        service,
        rpc,
        code,
        reason,
        Map.copyOf(metadata),
        words.contains("PreconditionFailure"),
        type.find() ? type.group(1) : "",
        words);
  }

  /** Splits on top-level {@code ,} and {@code ;} (not inside backticks or parentheses). */
  private static List<String> items(String group) {
    List<String> items = new ArrayList<>();
    StringBuilder item = new StringBuilder();
    boolean quoted = false;
    int depth = 0;
    for (char c : group.toCharArray()) {
      if (c == '`') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')') {
        depth--;
      } else if (!quoted && depth == 0 && (c == ',' || c == ';')) {
        items.add(item.toString().trim());
        item.setLength(0);
        continue;
      }
      item.append(c);
    }
    items.add(item.toString().trim());
    items.removeIf(String::isEmpty);
    return items;
  }

  private static int matchingParenthesis(String text, int open) {
    int depth = 0;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("unbalanced parentheses in: " + text);
  }

  private static Status.Code codeOrNull(String name) {
    try {
      return Status.Code.valueOf(name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static ErrorReason reasonOrNull(String name) {
    try {
      ErrorReason reason = ErrorReason.valueOf("ERROR_REASON_" + name);
      return reason == ErrorReason.ERROR_REASON_UNSPECIFIED ? null : reason;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String leadingComment(SourceCodeInfo info, int service, int method) {
    for (SourceCodeInfo.Location location : info.getLocationList()) {
      if (location.getPathList().equals(List.of(SERVICE_FIELD, service, METHOD_FIELD, method))) {
        return location.getLeadingComments();
      }
    }
    return "";
  }

  private static List<FileDescriptorProto> files() {
    try (InputStream in = DocumentedErrors.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the class path (contracts jar)");
      }
      return FileDescriptorSet.parseFrom(in).getFileList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
