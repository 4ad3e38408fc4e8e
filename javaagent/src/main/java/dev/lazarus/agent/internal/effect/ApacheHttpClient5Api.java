package dev.lazarus.agent.internal.effect;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The members of Apache HttpClient 5 (and of its HttpCore 5) that the boundary uses, found once per client
 * class through that class's own loader: the agent's loader cannot see the library, and an application may
 * carry its own copy of it (or two, in two class loaders). Members are looked up on the library's interfaces
 * and public classes, so they apply to whichever implementation a request, entity or response is.
 */
final class ApacheHttpClient5Api {
    private static final String CORE = "org.apache.hc.core5.http.";

    private static final ClassValue<ApacheHttpClient5Api> BY_CLIENT_CLASS = new ClassValue<>() {
        @Override
        protected ApacheHttpClient5Api computeValue(Class<?> clientClass) {
            try {
                return new ApacheHttpClient5Api(clientClass.getClassLoader());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(
                        "Apache HttpClient 5 as seen from " + clientClass.getName() + " lacks " + e.getMessage(), e);
            }
        }
    };

    final Method doExecute;
    // the request
    final Method requestMethod;
    final Method requestUri;
    final Method requestPath;
    final Method requestEntity;
    final Method setRequestEntity;
    final Method hostToUri;
    // entities
    final Method entityRepeatable;
    final Method entityWriteTo;
    final Method entityContent;
    final Method entityContentType;
    final Method entityContentEncoding;
    final Method entityChunked;
    // the response
    final Method responseCode;
    final Method responseReason;
    final Method responseVersion;
    final Method responseHeaders;
    final Method responseEntity;
    final Method responseClose;
    final Method versionProtocol;
    final Method versionMajor;
    final Method versionMinor;
    final Method headerName;
    final Method headerValue;
    // building a response
    final Constructor<?> newResponse;
    final Method setResponseVersion;
    final Method addResponseHeader;
    final Method setResponseEntity;
    final Constructor<?> newVersion;
    final Constructor<?> newByteArrayEntity;
    final Method parseContentType;
    final Method adaptResponse;

    private ApacheHttpClient5Api(ClassLoader loader) throws ReflectiveOperationException {
        Class<?> client = Class.forName("org.apache.hc.client5.http.impl.classic.CloseableHttpClient", false, loader);
        Class<?> host = Class.forName(CORE + "HttpHost", false, loader);
        Class<?> classicRequest = Class.forName(CORE + "ClassicHttpRequest", false, loader);
        Class<?> context = Class.forName("org.apache.hc.core5.http.protocol.HttpContext", false, loader);
        Class<?> request = Class.forName(CORE + "HttpRequest", false, loader);
        Class<?> entityContainer = Class.forName(CORE + "HttpEntityContainer", false, loader);
        Class<?> entity = Class.forName(CORE + "HttpEntity", false, loader);
        Class<?> entityDetails = Class.forName(CORE + "EntityDetails", false, loader);
        Class<?> message = Class.forName(CORE + "HttpMessage", false, loader);
        Class<?> response = Class.forName(CORE + "HttpResponse", false, loader);
        Class<?> classicResponse = Class.forName(CORE + "ClassicHttpResponse", false, loader);
        Class<?> version = Class.forName(CORE + "ProtocolVersion", false, loader);
        Class<?> nameValue = Class.forName(CORE + "NameValuePair", false, loader);
        Class<?> contentType = Class.forName(CORE + "ContentType", false, loader);

        doExecute = client.getDeclaredMethod("doExecute", host, classicRequest, context);
        doExecute.setAccessible(true); // protected; the library's package is in an unnamed (open) module
        requestMethod = request.getMethod("getMethod");
        requestUri = request.getMethod("getUri");
        requestPath = request.getMethod("getRequestUri");
        requestEntity = entityContainer.getMethod("getEntity");
        setRequestEntity = entityContainer.getMethod("setEntity", entity);
        hostToUri = host.getMethod("toURI");

        entityRepeatable = entity.getMethod("isRepeatable");
        entityWriteTo = entity.getMethod("writeTo", java.io.OutputStream.class);
        entityContent = entity.getMethod("getContent");
        entityContentType = entityDetails.getMethod("getContentType");
        entityContentEncoding = entityDetails.getMethod("getContentEncoding");
        entityChunked = entityDetails.getMethod("isChunked");

        responseCode = response.getMethod("getCode");
        responseReason = response.getMethod("getReasonPhrase");
        responseVersion = message.getMethod("getVersion");
        responseHeaders = message.getMethod("getHeaders");
        responseEntity = entityContainer.getMethod("getEntity");
        responseClose = java.io.Closeable.class.getMethod("close");
        versionProtocol = version.getMethod("getProtocol");
        versionMajor = version.getMethod("getMajor");
        versionMinor = version.getMethod("getMinor");
        headerName = nameValue.getMethod("getName");
        headerValue = nameValue.getMethod("getValue");

        newResponse = Class.forName(CORE + "message.BasicClassicHttpResponse", false, loader)
                .getConstructor(int.class, String.class);
        setResponseVersion = message.getMethod("setVersion", version);
        addResponseHeader = message.getMethod("addHeader", String.class, Object.class);
        setResponseEntity = classicResponse.getMethod("setEntity", entity);
        newVersion = version.getConstructor(String.class, int.class, int.class);
        newByteArrayEntity = Class.forName(CORE + "io.entity.ByteArrayEntity", false, loader)
                .getConstructor(byte[].class, contentType, String.class, boolean.class);
        parseContentType = contentType.getMethod("parse", CharSequence.class);
        adaptResponse = Class.forName("org.apache.hc.client5.http.impl.classic.CloseableHttpResponse", false, loader)
                .getMethod("adapt", classicResponse);
    }

    /** @return the members as seen from the loader of {@code client}'s class */
    static ApacheHttpClient5Api of(Object client) {
        return BY_CLIENT_CLASS.get(client.getClass());
    }

    /** Calls a member, throwing what the library threw rather than a reflection wrapper. */
    static Object call(Method method, Object target, Object... args) throws Exception {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Constructs an object, throwing what the constructor threw rather than a reflection wrapper. */
    static Object construct(Constructor<?> constructor, Object... args) throws Exception {
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
